from __future__ import annotations

import pytest
from django.core.management import call_command

from asm_guide.cases.models import Membership, StrategyCase


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo(db, settings):
    """The fictional demo case, as ``load_demo`` makes it (Parts 1 and 2 filled)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return StrategyCase.objects.get(is_fictional=True, country_name="Republic of Lumeria")


@pytest.fixture
def demo_owner_client(demo, client_for):
    return client_for(Membership.objects.get(case=demo, role="owner").user)
