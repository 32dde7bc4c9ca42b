"""Production behaviour: deploy checks, security headers, static files, request log, error pages."""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from asm_guide.request_log import logger as request_logger

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("asm_guide/*/templates")]

class _InlineCode(HTMLParser):
    """Collects what a strict Content-Security-Policy (no 'unsafe-inline') would block."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")

    handle_startendtag = handle_starttag


def production_env(**extra) -> dict:
    """The environment of a production server: no DEBUG, a real key, HTTPS settings on."""
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' conftest, never on a production server.
    left_out = ("DEBUG", "ASM_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env.update(SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="asm.example.org",
               CSRF_TRUSTED_ORIGINS="https://asm.example.org", **extra)
    return env


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


# --- Deploy checks -----------------------------------------------------------------------------


def test_check_deploy_passes_with_production_values():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_collectstatic_writes_compressed_hashed_files_that_pages_and_whitenoise_use(tmp_path, db):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT, env=production_env(STATIC_ROOT=str(tmp_path)), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/app.css"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", hashed)
    assert (tmp_path / hashed).is_file() and (tmp_path / f"{hashed}.gz").is_file()
    assert (tmp_path / manifest["paths"]["js/app.js"]).is_file()

    storages = {**settings.STORAGES,
                "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        client = Client()  # a new handler, so WhiteNoise indexes this STATIC_ROOT
        page = client.get(reverse("login"))
        assert f'href="/static/{hashed}"' in page.content.decode()
        served = client.get(f"/static/{hashed}", HTTP_ACCEPT_ENCODING="gzip")
        assert served.status_code == 200
        assert served["Content-Encoding"] == "gzip"
        assert "immutable" in served["Cache-Control"]


# --- Security headers and inline code ----------------------------------------------------------


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy_and_frame_and_referrer_headers(owner_client, case):
    response = owner_client.get(reverse("cases:task-list", args=[case.pk]))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def template_files():
    for directory in TEMPLATE_DIRS:
        yield from sorted(directory.rglob("*.html"))


@pytest.mark.parametrize("path", list(template_files()), ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_have_no_inline_script_or_style(path):
    assert inline_code(path.read_text(encoding="utf-8")) == []


def test_the_inline_code_detector_can_fail():
    html = '<script>x()</script><p style="color:red" onclick="x()"><a href="javascript:x()"><style>'
    assert len(inline_code(html)) == 5
    assert inline_code('<script src="/static/js/app.js" defer></script>') == []
    # Typed text, escaped, is not code: neither in an attribute nor in an element.
    typed = '<input value="&lt;b style=x onclick=y()&gt;"><textarea>&lt;script&gt;x()</textarea>'
    assert inline_code(typed) == []


# --- Request log ---------------------------------------------------------------------------------


@pytest.fixture
def request_log():
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collect()
    request_logger.addHandler(handler)
    yield records
    request_logger.removeHandler(handler)


def formatted(record) -> dict:
    from asm_guide.request_log import JsonFormatter

    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


@pytest.mark.django_db
def test_every_request_is_one_json_line_without_secrets(client, request_log, owner, case):
    from tests.factories import PASSWORD

    client.post(reverse("login") + "?next=/cases/&token=secret-in-query",
                {"username": "owner", "password": PASSWORD})
    client.get(reverse("cases:task-list", args=[case.pk]))
    client.get("/no-such-page/")
    lines = [formatted(record) for record in request_log]
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("POST", "/accounts/login/", 302),
        ("GET", f"/cases/{case.pk}/", 200),
        ("GET", "/no-such-page/", 404),
    ]
    assert lines[1]["user_id"] == owner.pk and lines[2]["user_id"] == owner.pk
    for line in lines:
        assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
        assert {"time", "level", "logger", "method", "path", "status", "duration_ms", "user_id"} <= set(line)
    text = json.dumps(lines)
    assert PASSWORD not in text and "secret-in-query" not in text and "csrf" not in text.lower()


@pytest.mark.django_db
def test_anonymous_requests_log_no_user_and_make_no_query_for_it(client, request_log,
                                                                 django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("login"), HTTP_X_REQUEST_ID="abc-123")
    client.get(reverse("login"), HTTP_X_REQUEST_ID="<script>")
    first, second = (formatted(record) for record in request_log)
    assert first["user_id"] is None and first["request_id"] == "abc-123"
    assert "request_id" not in second


# --- Error pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_404_is_in_the_site_style_and_does_not_echo_the_address(owner_client):
    response = owner_client.get("/cases/999999/<b>probe</b>/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="header"' in html and '<h1 class="heading-l">' in html
    main = html[html.index("<main"):html.index("</main>")]
    assert "probe" not in main and "<b>probe" not in html and "Traceback" not in html


@pytest.mark.django_db
def test_403_is_in_the_site_style(reviewer_client, case):
    response = reviewer_client.post(reverse("cases:members", args=[case.pk]), {"action": "add"})
    assert response.status_code == 403
    assert '<h1 class="heading-l">' in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_is_in_the_site_style(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(reverse("cases:create"), {})
    html = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="heading-l">' in html and "CSRF" not in html


def test_500_page_needs_neither_the_database_nor_a_request_context():
    # No django_db mark: any query here raises. server_error renders without a request.
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<h1 class="heading-l">' in html and 'href="/static/css/app.css"' in html
    assert "{%" not in html and "Traceback" not in html


boom_message = "secret detail of the failure"


def boom(request):
    raise RuntimeError(boom_message)


@pytest.mark.django_db
def test_an_unhandled_error_shows_the_500_page_and_leaks_nothing(settings, request_log):
    from django.urls import path

    from asm_guide import urls

    module = type(sys)("boom_urls")
    module.urlpatterns = [path("boom/", boom), *urls.urlpatterns]
    sys.modules["boom_urls"] = module
    settings.ROOT_URLCONF = "boom_urls"
    try:
        response = Client(raise_request_exception=False).get("/boom/")
    finally:
        del sys.modules["boom_urls"]
    html = response.content.decode()
    assert response.status_code == 500
    assert '<h1 class="heading-l">' in html
    assert boom_message not in html and "RuntimeError" not in html
    assert formatted(request_log[-1])["status"] == 500


def test_500_template_renders_alone():
    html = engines["django"].get_template("500.html").render()
    assert "<html" in html


@pytest.mark.django_db
def test_a_long_list_is_not_refused_for_its_number_of_fields(editor_client, case):
    """A step posts every row of its lists: 150 rows is well over Django's default 1,000 fields."""
    from django.forms import MultipleChoiceField

    from asm_guide.wizard.forms import StepBundle
    from setup_phase.models import Partner
    from setup_phase.steps import FLOW
    from tests.generate import _expand_rows
    from tests.helpers import _form_data, valid_post

    step = FLOW.get("partners")
    bundle = StepBundle.for_step(step)(case=case)
    data = _expand_rows(valid_post(step, case), bundle, 150, "Partner")
    empty_form = dict(bundle.lists)["partners"].empty_form
    shown = _form_data(empty_form, fill_required=True)
    unticked = {bound.html_name for bound in empty_form if isinstance(bound.field, MultipleChoiceField)}
    for index in range(150):  # a browser sends every field as shown, empty or not, but no unticked box
        for key, value in shown.items():
            if key in unticked:
                continue
            data.setdefault(key.replace("__prefix__", str(index)), value)
    assert sum(len(v) if isinstance(v, list) else 1 for v in data.values()) > 1000
    response = editor_client.post(FLOW.step_url(step, case), {**data, "action": "continue"})
    assert response.status_code == 302, response.context["error_items"][:3]
    assert Partner.objects.filter(case=case).count() == 150


def plain_page_routes() -> list[str]:
    from django.urls import get_resolver

    from tests.helpers import _walk

    return sorted({route for route, _name in _walk(get_resolver().url_patterns)
                   if "<" not in route and "(?P" not in route and "^" not in route and not route.startswith("admin/")})


@pytest.mark.django_db
@pytest.mark.parametrize("route", plain_page_routes())
def test_every_page_without_parameters_renders_without_inline_code(client, owner_client, route):
    """Public pages (sign-in, guides) and signed-in ones alike: never a 500, never inline code."""
    for who in (client, owner_client):
        response = who.get("/" + route)
        assert response.status_code in (200, 302, 405), response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert inline_code(response.content.decode()) == []
