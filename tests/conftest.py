from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from asm_guide.cases.models import Membership, Role, StrategyCase

from .factories import CaseFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Tests create many users; the production hasher is slow on purpose."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def case(owner):
    case = CaseFactory()
    MembershipFactory(case=case, user=owner, role=Role.OWNER)
    return case


@pytest.fixture
def editor(case):
    user = UserFactory(username="editor")
    MembershipFactory(case=case, user=user, role=Role.EDITOR)
    return user


@pytest.fixture
def reviewer(case):
    user = UserFactory(username="reviewer")
    MembershipFactory(case=case, user=user, role=Role.REVIEWER)
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner):
    return _client_for(owner)


@pytest.fixture
def editor_client(editor):
    return _client_for(editor)


@pytest.fixture
def reviewer_client(reviewer):
    return _client_for(reviewer)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def client_for():
    return _client_for


@pytest.fixture
def demo(db, settings):
    """The fictional demo case, as ``load_demo`` makes it (Parts 1 and 2 filled)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return StrategyCase.objects.get(is_fictional=True, country_name="Republic of Lumeria")


@pytest.fixture
def demo_owner_client(demo, client_for):
    return client_for(Membership.objects.get(case=demo, role="owner").user)
