"""Dead code named by issue #16 is gone: the unused ``WizardState.extra_data`` column (formtools'
``storage.extra_data`` is the storage's in-memory dict, never this column), ``Step.template`` (no
step set it; a step's template is ``<part>/<slug>.html``), ``case_home_redirect`` and
``money_total``."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection

from asm_guide.cases import views as case_views
from asm_guide.wizard.models import WizardState
from asm_guide.wizard.registry import Step
from asm_guide.wizard.storage import DatabaseStorage
from implementation import rules as implementation_rules


@pytest.mark.django_db
def test_the_wizard_state_table_has_no_extra_data_column():
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, WizardState._meta.db_table)}
    assert "current_step" in columns
    assert "extra_data" not in columns
    assert "extra_data" not in {field.name for field in WizardState._meta.get_fields()}


def test_formtools_extra_data_still_lives_in_the_storage():
    storage = DatabaseStorage("prefix")
    assert storage.extra_data == {}
    storage.extra_data = {"seen": True}
    assert storage.data[storage.extra_data_key] == {"seen": True}


def test_a_step_declares_no_template():
    assert "template" not in {field.name for field in dataclasses.fields(Step)}


def test_unused_helpers_are_gone():
    assert not hasattr(case_views, "case_home_redirect")
    assert not hasattr(implementation_rules, "money_total")
