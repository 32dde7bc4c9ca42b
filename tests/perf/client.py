"""A small bounded load client (a headless stand-in for locust, standard library only).

Simulated officials sign in, then loop until the deadline: task list, step GET, step POST
(valid: the page's own form sent back with one answer edited; invalid: answers blanked),
check answers and the report preview where it exists, with a think time between requests.
A second phase sends the same users, for a shorter time, to a bare Django view: the floor.
Only 127.0.0.1 is ever contacted; every loop ends at its deadline; sockets time out.

Prints one JSON object: per phase and page type, count, errors, requests/s and latency
percentiles in milliseconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import threading
import time
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

WEIGHTS = {"task_list": 20, "step_get": 30, "step_post_valid": 15, "step_post_invalid": 10,
           "check_answers": 15, "report_preview": 10}
ROW_FIELD = re.compile(r"-\d+-")


class FormReader(HTMLParser):
    """The fields of the page's step form as a browser would send them (minus the buttons)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.fields: list[list] = []  # [name, value, kind]
        self._select = None
        self._option_value = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "step-form":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "file") or "name" not in a:
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind == "text" and a.get("inputmode"):
                kind = "number"
            self.fields.append([a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else ""), kind])
        elif tag == "textarea" and "name" in a:
            self._textarea = [a["name"], "", "textarea"]
        elif tag == "select" and "name" in a:
            self._select = [a["name"], None, "select"]
        elif tag == "option" and self._select is not None:
            if self._select[1] is None or "selected" in a:
                self._select[1] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea" and self._textarea is not None:
            self._textarea[1] = self._textarea[1].removeprefix("\n")
            self.fields.append(self._textarea)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self._select[1] = self._select[1] or ""
            self.fields.append(self._select)
            self._select = None


class Official:
    def __init__(self, port: int, user: dict, case: dict, password: str, think: tuple[float, float], seed: int):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.user, self.case, self.password, self.think = user, case, password, think
        self.conflicts = 0
        self.cookies: dict[str, str] = {}
        self.forms: dict[str, list] = {}
        self.random = random.Random(seed)
        self.edits = 0

    # -- HTTP -----------------------------------------------------------------------------
    def request(self, method: str, path: str, fields=None) -> tuple[int, str, float]:
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https", "User-Agent": "asm-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(fields or [], doseq=True).encode()
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                            "Referer": self.origin + path})
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            elapsed = (time.perf_counter() - started) * 1000
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
            return response.status, text, elapsed
        finally:
            connection.close()

    def sign_in(self) -> None:
        status, html, _ = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, _html, _ = self.request("POST", "/accounts/login/", [
            ("csrfmiddlewaretoken", token), ("username", self.user["username"]), ("password", self.password)])
        if status != 302:
            raise RuntimeError(f"sign-in failed for {self.user['username']}: {status}")

    def read_form(self, url: str, fresh: bool = False) -> list:
        """The fields of the step form at ``url`` as the page shows them (cached unless ``fresh``)."""
        if fresh or url not in self.forms:
            status, html, _ = self.request("GET", url)
            if status != 200:
                raise RuntimeError(f"GET {url}: {status}")
            reader = FormReader()
            reader.feed(html)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            self.forms[url] = [f for f in reader.fields if f[0] != "csrfmiddlewaretoken"] + [
                ["csrfmiddlewaretoken", token, "hidden"]]
        return self.forms[url]

    # -- one request of each type -------------------------------------------------------------
    def task_list(self):
        status, _html, ms = self.request("GET", self.case["task_list"])
        return status == 200, ms

    def step_get(self):
        status, html, ms = self.request("GET", self.random.choice(self.case["steps"]))
        return status == 200 and 'id="step-form"' in html, ms

    def step_post_valid(self):
        # As an official does: open the step (not timed here: step_get measures pages), change an
        # answer, save. A form read long ago would be refused as an edit conflict once a colleague
        # on the same case has saved the step since, which is the application working, not failing.
        url = self.random.choice(self.case["steps"])
        fields = [list(f) for f in self.read_form(url, fresh=True)]
        texts = [f for f in fields if f[2] == "textarea" and f[1].strip()]
        if texts:
            self.edits += 1
            target = texts[0]
            target[1] = re.sub(r" \(bench edit \d+\)$", "", target[1]) + f" (bench edit {self.edits})"
        status, html, ms = self.request("POST", url, [(f[0], f[1]) for f in fields] + [("action", "continue")])
        if status == 200 and 'id="conflict"' in html:
            # A colleague saved the same step between this official's GET and POST: the application
            # refuses the save and shows both versions, as it should. Counted apart, not an error.
            self.conflicts += 1
            return True, ms
        return status == 302, ms

    def step_post_invalid(self):
        url = self.random.choice(self.case["steps"])
        fields = []
        for name, value, kind in self.read_form(url):
            if kind in ("text", "textarea", "number"):
                value = "" if kind != "number" else "not a number"
            elif kind == "date":
                value = "2025-02-30"
            fields.append((name, value))
        status, html, ms = self.request("POST", url, fields + [("action", "continue")])
        return status == 200 and "error-summary" in html, ms

    def check_answers(self):
        status, _html, ms = self.request("GET", self.random.choice(self.case["check_answers"]))
        return status == 200, ms

    def report_preview(self):
        status, _html, ms = self.request("GET", self.random.choice(self.case["report_preview"]))
        return status == 200, ms

    def bare(self):
        status, html, ms = self.request("GET", "/bench/bare/")
        return status == 200 and html == "ok", ms

    def case_floor(self):
        """The least a case page does: session, membership, the case, the layout."""
        status, html, ms = self.request("GET", self.case["task_list"].replace("/cases/", "/bench/case/", 1))
        return status == 200 and "<h1" in html, ms


def run_phase(officials, kinds: dict[str, int], seconds: float) -> dict:
    records: list[tuple[str, bool, float]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    names, weights = list(kinds), list(kinds.values())

    def loop(official: Official):
        while time.monotonic() < deadline:
            kind = official.random.choices(names, weights)[0]
            try:
                ok, ms = getattr(official, kind)()
            except Exception:  # a refused connection or a timeout is an error, not the end
                ok, ms = False, 0.0
            with lock:
                records.append((kind, ok, ms))
            pause = official.random.uniform(*official.think)
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))

    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(official,)) for official in officials]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.monotonic() - started
    return summarise(records, elapsed)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return round(ordered[index], 1)


def summarise(records, elapsed: float) -> dict:
    out = {"seconds": round(elapsed, 1), "requests": len(records),
           "errors": sum(1 for _k, ok, _ms in records if not ok),
           "rps": round(len(records) / elapsed, 1), "types": {}}
    for kind in sorted({k for k, _ok, _ms in records}):
        times = [ms for k, ok, ms in records if k == kind and ok]
        count = sum(1 for k, *_ in records if k == kind)
        out["types"][kind] = {
            "count": count, "errors": count - len(times), "rps": round(count / elapsed, 2),
            "p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99),
            "max": round(max(times), 1) if times else 0.0,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--bare-duration", type=float, default=20)
    parser.add_argument("--think", default="0.5,1.5", help="think time range in seconds, e.g. 0,0")
    args = parser.parse_args()
    with open(args.plan, encoding="utf-8") as handle:
        plan = json.load(handle)
    think = tuple(float(x) for x in args.think.split(","))
    officials = [Official(args.port, user, plan["cases"][user["case"]], plan["password"], think, seed=n)
                 for n, user in enumerate(plan["users"][: args.users])]
    for official in officials:  # not measured: sign in and read each step's form once
        official.sign_in()
        for url in official.case["steps"]:
            official.read_form(url)
    kinds = {kind: weight for kind, weight in WEIGHTS.items()
             if kind != "report_preview" or all(o.case["report_preview"] for o in officials)}
    result = {"users": len(officials), "think_seconds": think,
              "mix": run_phase(officials, kinds, args.duration),
              "bare": run_phase(officials, {"bare": 1, "case_floor": 1}, args.bare_duration)}
    result["mix"]["edit_conflicts"] = sum(official.conflicts for official in officials)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
