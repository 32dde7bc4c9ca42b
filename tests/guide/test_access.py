"""The start page and the guide need no sign-in, while case pages still do; the number of
queries a guide page makes is small and does not grow with the number of cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asm_guide.guide import contents
from tests.factories import CaseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def public_urls():
    yield "/"
    yield reverse("guide:index")
    yield reverse("guide:all")
    yield reverse("guide:search") + "?q=forum"
    for entry in contents.table_of_contents():
        yield entry.url


def test_the_start_page_and_the_guide_need_no_sign_in(client):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url


def test_case_pages_still_need_sign_in(client, case):
    for url in (reverse("cases:dashboard"), reverse("cases:task-list", args=[case.pk]),
                registry_step_url(case)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def registry_step_url(case):
    entry = contents.step_entry("setup", "task-force")
    return entry.flow.step_url(entry.step, case)


def test_guide_pages_accept_only_get(client):
    assert client.post(reverse("guide:index")).status_code == 405
    assert client.post("/").status_code == 405


def count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_anonymous_guide_pages_make_no_queries(client):
    for url in public_urls():
        if "search" in url:
            assert count(client, url) <= 2, url
        else:
            assert count(client, url) == 0, url


def test_a_members_step_page_costs_the_same_with_one_case_or_many(owner, owner_client, case):
    url = contents.step_entry("setup", "partners").url
    with_one = count(owner_client, url)
    for _ in range(8):
        MembershipFactory(case=CaseFactory(), user=owner)
    with_nine = count(owner_client, url)
    assert with_one == with_nine
    assert with_one <= 4
    assert count(owner_client, "/") <= 3


def test_every_page_links_to_the_guidance_in_the_header(client, owner_client):
    for each in (client, owner_client):
        body = each.get("/").content.decode()
        header = body.split('<header class="header">', 1)[1].split("</header>", 1)[0]
        assert f'href="{reverse("guide:index")}"' in header
