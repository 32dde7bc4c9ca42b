"""Search across the guide: PostgreSQL full-text search on PostgreSQL, a simple fallback
elsewhere; every test here runs on whichever database the suite uses."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asm_guide.guide import contents, search
from asm_guide.guide.models import GuidanceDocument, GuidanceIndexState

pytestmark = pytest.mark.django_db
SEARCH = reverse("guide:search")


def result_urls(response) -> list[str]:
    return re.findall(r'<h2 class="heading-s search-results__title"><a href="([^"]+)"', response.content.decode())


def test_a_known_phrase_finds_its_page_with_the_passage_highlighted(client):
    response = client.get(SEARCH, {"q": "task force"})
    assert response.status_code == 200
    urls = result_urls(response)
    assert contents.step_entry("setup", "task-force").url in urls
    body = response.content.decode()
    assert "<mark>task</mark> <mark>force</mark>" in body.lower()


def test_a_phrase_found_only_in_a_body_is_found(client):
    # "whole-ore amalgamation" appears in the glossary's table, not in any title.
    urls = result_urls(client.get(SEARCH, {"q": "whole-ore amalgamation"}))
    assert contents.entry_for("reference:glossary").url in urls


def test_nonsense_returns_no_results_without_error(client):
    response = client.get(SEARCH, {"q": "xqzvbnmw plorkq"})
    assert response.status_code == 200
    assert result_urls(response) == []
    assert "No pages of the guidance match your search." in response.content.decode()


@pytest.mark.parametrize("query", [
    "", "   ", "!!!", "&|!():*", "'\"", "\\", "the", "-", "a" * 5000, "task\x00force", "or or or", "\"task force",
])
def test_odd_queries_never_fail(client, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200


def test_an_empty_query_asks_for_words(client):
    body = client.get(SEARCH, {"q": ""}).content.decode()
    assert "Enter a word or phrase to search for." in body
    assert "result" not in body.split("<main", 1)[1].lower().split("enter a word")[0]


def test_the_query_is_escaped_everywhere(client):
    response = client.get(SEARCH, {"q": "<script>alert(1)</script> task"})
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_highlighting_escapes_first_then_marks():
    pattern = re.compile("task", re.IGNORECASE)
    assert search.highlight("a <b>Task</b> & co", pattern) == "a &lt;b&gt;<mark>Task</mark>&lt;/b&gt; &amp; co"
    marked = search._mark_sentinels(f"x <i> {search.START}force{search.STOP} &")
    assert marked == "x &lt;i&gt; <mark>force</mark> &amp;"


def test_the_index_is_built_once_and_rebuilt_when_the_content_changes(monkeypatch):
    assert search.ensure_index() is True
    assert search.ensure_index() is False
    documents, fingerprint = search.corpus()
    assert GuidanceDocument.objects.filter(language="en").count() == len(contents.table_of_contents())
    assert GuidanceIndexState.objects.get().fingerprint == fingerprint
    changed = [dict(document) for document in documents]
    changed[0]["body"] += " a brand new sentence about zanzibarite"
    monkeypatch.setitem(search._corpus, "documents", changed)
    monkeypatch.setitem(search._corpus, "fingerprint", "changed")
    assert search.ensure_index() is True
    assert search.search("zanzibarite", "en")


def test_searching_again_costs_a_bounded_number_of_queries(client):
    client.get(SEARCH, {"q": "forum"})
    with CaptureQueriesContext(connection) as first:
        client.get(SEARCH, {"q": "forum"})
    with CaptureQueriesContext(connection) as longer:
        client.get(SEARCH, {"q": "forum partners research findings vision"})
    assert len(first) <= 3
    assert len(longer) <= 3


def test_french_and_spanish_readers_search_the_text_in_their_language(client):
    for language, query in (("fr", "groupe de travail"), ("es", "grupo de trabajo")):
        response = client.get(SEARCH, {"q": query}, HTTP_ACCEPT_LANGUAGE=language)
        assert contents.step_entry("setup", "task-force").url in result_urls(response)
        assert f'lang="{language}"' in response.content.decode()


def test_the_database_backend_in_use_is_the_one_searched():
    search.ensure_index()
    vectors = GuidanceDocument.objects.exclude(search_vector=None).count()
    if connection.vendor == "postgresql":
        assert vectors == GuidanceDocument.objects.count()
    else:
        assert vectors == 0


def test_the_sync_command_builds_the_index_once():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("sync_guide_index", stdout=out)
    call_command("sync_guide_index", stdout=out)
    assert out.getvalue().splitlines() == [
        "The guide's search index was rebuilt.", "The guide's search index is up to date."]
