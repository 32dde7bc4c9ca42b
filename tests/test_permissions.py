"""Who may do what, for every case URL in the URL conf: one role × URL × method matrix.

Roles: anonymous, outsider (signed in, not a member), reviewer, editor, owner. Expected:
anonymous -> sign-in; outsider -> 404 (nothing says the case exists); members read every
page; a POST needs the view's write level (WRITE for editors and owners, MANAGE for owners
only) and is otherwise 403 with nothing changed. CSRF is enforced on every POST.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, resolve

from asm_guide.cases.models import Role
from asm_guide.cases.permissions import MANAGE, READ, WRITE

from .factories import CaseFactory, MembershipFactory, UserFactory
from .generate import snapshot, subject_for
from .helpers import GET_REDIRECT_URL_NAMES, _walk, case_url_patterns, fill_url

PATTERNS = case_url_patterns()
ROLES = ["anonymous", "outsider", "reviewer", "editor", "owner"]
MEMBER_ROLES = {"reviewer": Role.REVIEWER, "editor": Role.EDITOR, "owner": Role.OWNER}
GRANTS = {"reviewer": {READ}, "editor": {READ, WRITE}, "owner": {READ, WRITE, MANAGE}}
# Views whose POST needs another level than their class says (none yet), by URL name.
POST_LEVEL: dict[str, str] = {}
OK = "200 or a redirect within the case"
GET_REDIRECTS = GET_REDIRECT_URL_NAMES
# An empty POST to these names nothing to act on (tests/review covers real posts).
EMPTY_POST_STATUS = {"review:comment-new": 404}


def test_the_url_conf_has_case_scoped_urls():
    names = {name for _route, name in PATTERNS}
    assert {"cases:task-list", "cases:members", "setup_phase:setup-step", "setup_phase:check-answers"} <= names


def fill(route: str, name: str, case) -> str:
    return fill_url(route, name, case, lambda flow: subject_for(flow, case))


def post_level(url: str, name: str) -> str:
    if name in POST_LEVEL:
        return POST_LEVEL[name]
    view = getattr(resolve(url).func, "view_class", None)
    return getattr(view, "write_level", WRITE)


def expected(role: str, method: str, name: str, url: str):
    # A flow's entry URL redirects to its current step; a workflow transition URL shows nothing on GET.
    is_start = name.endswith("-start")
    redirects_on_get = is_start or name in GET_REDIRECTS
    if role == "anonymous":
        return "login"
    if role == "outsider":
        return 404
    if method == "GET":
        return 302 if redirects_on_get else 200
    if post_level(url, name) not in GRANTS[role]:
        return 403
    view = getattr(resolve(url).func, "view_class", None)
    if view is not None and not hasattr(view, "post"):
        return 405  # a page that only shows
    if name in EMPTY_POST_STATUS:
        return EMPTY_POST_STATUS[name]
    return 404 if is_start else OK  # a POST must name a step


@pytest.fixture
def people(db):
    case = CaseFactory()
    clients = {"anonymous": Client()}
    for role in ROLES[1:]:
        user = UserFactory(username=f"matrix-{role}")
        if role in MEMBER_ROLES:
            MembershipFactory(case=case, user=user, role=MEMBER_ROLES[role])
        clients[role] = Client()
        clients[role].force_login(user)
    return case, clients


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "name"), PATTERNS, ids=[name for _route, name in PATTERNS])
def test_role_url_matrix(people, route, name, role, method):
    case, clients = people
    url = fill(route, name, case)
    want = expected(role, method, name, url)
    before = snapshot(case)
    client = clients[role]
    response = client.get(url) if method == "GET" else client.post(url, {})
    status = response.status_code
    if want == "login":
        assert status == 302 and response["Location"].startswith("/accounts/login/"), status
    elif want == OK:
        assert status == 200 or (status == 302 and response["Location"].startswith("/cases/")), status
    else:
        assert status == want, (status, want)
    if method == "POST" and want != OK:
        assert snapshot(case) == before, "a refused POST changed the case"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), PATTERNS, ids=[name for _route, name in PATTERNS])
def test_unknown_case_is_404_for_everyone(owner_client, case, route, name):
    url = fill(route, name, case).replace(f"/{case.pk}/", "/999999/", 1)
    assert owner_client.get(url).status_code == 404
    assert owner_client.post(url, {}).status_code == 404


def plain_routes() -> list[tuple[str, str]]:
    """Every URL we can fill: case URLs and those without parameters (admin included)."""
    return [(route, name) for route, name in _walk(get_resolver().url_patterns)
            if "<" not in route.replace("<int:case_id>", "").replace("<int:subject_id>", "").replace(
                "<slug:step>", "") and "(?P" not in route and "^" not in route]


POSTABLE = plain_routes()


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), POSTABLE, ids=[f"{name}:{route}" for route, name in POSTABLE])
def test_csrf_is_enforced_on_every_post(case, owner, route, name):
    url = fill(route, name, case) if "<" in route else "/" + route
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get("/accounts/login/")  # sets the CSRF cookie
    refused = client.post(url, {"action": "continue"})
    assert refused.status_code == 403
    assert "403_csrf.html" in [t.name for t in refused.templates]
    if "<int:case_id>" in route:
        # With the token the same POST gets past the check: the 403 above was CSRF's.
        token = client.cookies["csrftoken"].value
        accepted = client.post(url, {"action": "continue", "csrfmiddlewaretoken": token})
        assert "403_csrf.html" not in [t.name for t in accepted.templates]
