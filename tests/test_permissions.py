"""Every case-scoped URL, taken from the URL conf: anonymous -> sign-in, non-member -> 404,
reviewer -> read but never write."""

from __future__ import annotations

import re

import pytest
from django.urls import resolve

from asm_guide.cases.permissions import READ

from .helpers import case_url_patterns, fill_url

PATTERNS = case_url_patterns()
IDS = [name for _route, name in PATTERNS]


def test_the_url_conf_has_case_scoped_urls():
    names = {name for _route, name in PATTERNS}
    assert {"cases:task-list", "cases:members", "setup_phase:setup-step", "setup_phase:check-answers"} <= names


@pytest.fixture
def subject_for(case):
    def make(flow):
        model = flow.get_subject_model()
        from tests.subjects import make_subject

        return make_subject(model, case)

    return make


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), PATTERNS, ids=IDS)
def test_anonymous_is_sent_to_sign_in(client, case, route, name, subject_for):
    url = fill_url(route, name, case, subject_for)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), PATTERNS, ids=IDS)
def test_non_member_gets_404(outsider_client, case, route, name, subject_for):
    url = fill_url(route, name, case, subject_for)
    assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(url, {}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), PATTERNS, ids=IDS)
def test_unknown_case_is_404_for_everyone(owner_client, case, route, name, subject_for):
    url = fill_url(route, name, case, subject_for).replace(f"/{case.pk}/", "/999999/", 1)
    assert owner_client.get(url).status_code == 404


def members_may_post(url: str) -> bool:
    """Views that declare ``write_level = READ`` (comments) accept a POST from any member."""
    view_class = getattr(resolve(url).func, "view_class", None)
    return getattr(view_class, "write_level", None) == READ


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), PATTERNS, ids=IDS)
def test_reviewer_reads_but_cannot_write(reviewer_client, case, route, name, subject_for):
    url = fill_url(route, name, case, subject_for)
    assert reviewer_client.get(url).status_code in (200, 302)
    before = case.updated_at
    response = reviewer_client.post(url, {"action": "continue"})
    if members_may_post(url):
        assert response.status_code in (200, 302, 404)
    else:
        assert response.status_code == 403
    case.refresh_from_db()
    assert case.updated_at == before


def test_only_comment_views_accept_posts_from_reviewers():
    open_to_members = {name for route, name in PATTERNS if members_may_post(fill_url_static(route))}
    assert open_to_members == {"review:comment-new", "review:thread"}


def fill_url_static(route: str) -> str:
    return "/" + re.sub(r"<(?:int|slug|str):[a-z_]+>", "1", route)
