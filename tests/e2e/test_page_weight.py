"""Small pages: a wizard step page loads nothing from another site, and what goes over the wire for
it (HTML, CSS, JavaScript, fonts, icons) stays under 100 KB compressed, with an empty cache.

How the bytes are counted, honestly: the HTML comes gzipped by the app (GZipMiddleware, as in
production) and counts with its encoded size as the browser measured it. Django's live server
hands static files to its own StaticFilesHandler, which does not compress (WhiteNoise's
pre-compressed .gz/.br files exist only after ``collectstatic`` with
CompressedManifestStaticFilesStorage, which tests/test_production.py checks). So each response
that arrives without a Content-Encoding is gzipped here (level 6, what a proxy typically uses; the
static files WhiteNoise serves in production are gzip -9 or Brotli, hence smaller), and a response
that does arrive compressed counts with its encoded size as the browser measured it
(``request.sizes()["responseBodySize"]``). Response headers count too, as received.

The pages measured are those of the demo case (``load_demo``: six subtypes, realistic answers),
every step of every part and the steps of one subtype, each with the browser's cache disabled.
"""

from __future__ import annotations

import gzip

import pytest
from django.core.management import call_command
from django.test import Client

from asm_guide.cases.models import Membership, StrategyCase
from asm_guide.wizard.registry import registry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 100 * 1024


def over_the_wire(response) -> tuple[int, int]:
    """(bytes as sent uncompressed, bytes over the wire compressed), headers included."""
    sizes = response.request.sizes()
    body = response.body()
    headers = sizes["responseHeadersSize"]
    if response.headers.get("content-encoding"):
        return headers + len(body), headers + sizes["responseBodySize"]
    return headers + len(body), headers + len(gzip.compress(body, compresslevel=6))


def load(page, base: str, path: str) -> dict:
    requests, responses = [], []

    def on_request(request):
        requests.append(request)

    def on_response(response):
        responses.append(response)

    page.on("request", on_request)
    page.on("response", on_response)
    page.goto(base + path, wait_until="networkidle")
    page.remove_listener("request", on_request)
    page.remove_listener("response", on_response)
    assert page.title() and "Error" not in page.title(), page.title()
    raw = wire = 0
    kinds = {}
    for response in responses:
        assert response.status == 200, (response.url, response.status)
        sent, compressed = over_the_wire(response)
        raw += sent
        wire += compressed
        kind = response.headers.get("content-type", "?").split(";")[0]
        kinds[kind] = kinds.get(kind, 0) + compressed
    document = next(response for response in responses if response.request.resource_type == "document")
    return {"requests": [request.url for request in requests], "raw": raw, "wire": wire, "kinds": kinds,
            "html_encoding": document.headers.get("content-encoding")}


def step_paths(case) -> list[str]:
    paths = []
    for part in registry.parts:
        paths += [part.flow.step_url(step, case) for step in part.flow.steps]
        subject = next(iter(part.subjects(case)), None) if part.subjects is not None else None
        for flow in part.subject_flows:
            paths += [flow.step_url(step, case, subject) for step in flow.steps]
    return paths


def test_step_pages_load_only_from_this_site_and_stay_under_100_kb(new_page, live_server):
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    case = StrategyCase.objects.get(is_fictional=True)
    client = Client()
    client.force_login(Membership.objects.get(case=case, role="owner").user)
    session = client.cookies["sessionid"].value
    base = live_server.url

    page = new_page()
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
    # No HTTP cache: every page is loaded as by a first-time visitor, its CSS and JavaScript included.
    # (kept in a variable: a CDP session that is garbage-collected detaches and the cache comes back)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    results = {path: load(page, base, path) for path in step_paths(case)}
    assert len(results) >= 20

    elsewhere = {path: [url for url in found["requests"] if not url.startswith(base + "/")]
                 for path, found in results.items()}
    assert {path: urls for path, urls in elsewhere.items() if urls} == {}
    for path, found in results.items():
        kinds = ", ".join(f"{kind} {size / 1024:.1f}" for kind, size in sorted(found["kinds"].items()))
        print(f"{path}: {len(found['requests'])} requests, {found['raw'] / 1024:.1f} KB uncompressed, "
              f"{found['wire'] / 1024:.1f} KB compressed ({kinds})"
              + f" [HTML sent as {found['html_encoding']}; static files gzipped by the test]")
    heaviest = max(results, key=lambda path: results[path]["wire"])
    print(f"heaviest step page: {heaviest}, {results[heaviest]['wire'] / 1024:.1f} KB over the wire")
    assert {path: found["wire"] for path, found in results.items() if found["wire"] > BUDGET} == {}
    # The app itself compresses its pages: no proxy is needed to meet the budget.
    assert {path: found["html_encoding"] for path, found in results.items() if found["html_encoding"] != "gzip"} == {}
