"""Load a built-in fictional case and its demo users. Idempotent.

Without ``--case`` it loads the Republic of Lumeria (the demo, GUIDANCE.md §7). ``--case valdoria``
loads the second built-in test case, the República de Valdoria: a fictional country whose report is
in Spanish, not a Party to the Minamata Convention, with one subtype per branch of issue #15
(preconditions first, zones with market access, license and regulate, market access). Each part's
data for a case lives in ``<app>.demo`` (Lumeria) or ``<app>.demo_<slug>`` (the others).
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from asm_guide.cases.models import Membership, Role, StrategyCase
from asm_guide.wizard.progress import refresh_progress

DEMO_TITLE = "National ASM Management Strategy 2026–2030"
DEMO_USERS = [
    ("demo-owner", Role.OWNER, "Owner"),
    ("demo-editor", Role.EDITOR, "Editor"),
    ("demo-reviewer", Role.REVIEWER, "Reviewer"),
    ("demo-outsider", None, "Outsider"),
]
DEFAULT_PASSWORD = "lumeria-demo-2026"


@dataclass(frozen=True)
class BuiltInCase:
    country_name: str
    title: str
    users: list  # (username, role or None, last name)
    defaults: dict
    module_suffix: str = ""  # "<app>.demo<suffix>" holds each part's data
    in_report_language: bool = False  # load with the report language active (proposal titles)
    first_name: str = "Demo"
    password: str = DEFAULT_PASSWORD


CASES = {
    "lumeria": BuiltInCase(
        country_name="Republic of Lumeria", title=DEMO_TITLE, users=DEMO_USERS,
        defaults=dict(
            lead_ministry="Ministry of Mines and Geology", currency="USD", strategy_start_year=2026,
            horizon_years=5, report_language="en", is_fictional=True, is_minamata_party=True,
            asgm_more_than_insignificant=True, nap_status="submitted",
        ),
    ),
    "valdoria": BuiltInCase(
        country_name="República de Valdoria",
        title="Estrategia nacional de minería artesanal y en pequeña escala 2027–2031 (caso ficticio)",
        users=[
            ("valdoria-owner", Role.OWNER, "Owner (Valdoria)"),
            ("valdoria-editor", Role.EDITOR, "Editor (Valdoria)"),
            ("valdoria-reviewer", Role.REVIEWER, "Reviewer (Valdoria)"),
            ("valdoria-outsider", None, "Outsider (Valdoria)"),
        ],
        defaults=dict(
            lead_ministry="Ministerio de Minas y Energía", currency="USD", strategy_start_year=2027,
            horizon_years=5, report_language="es", is_fictional=True, is_minamata_party=False,
            asgm_more_than_insignificant=False, nap_status="none",
        ),
        module_suffix="_valdoria", in_report_language=True, password="valdoria-demo-2027",
    ),
}


class Command(BaseCommand):
    help = ("Load a built-in fictional case and its demo users (running it twice changes nothing): the "
            "'Republic of Lumeria' demo by default, or --case valdoria, the second test case.")

    def add_arguments(self, parser):
        parser.add_argument("--case", default="lumeria", choices=sorted(CASES),
                            help="Which built-in case to load (default: lumeria, the demo).")
        parser.add_argument("--password", default=None,
                            help=f"Password for the demo users (default: {DEFAULT_PASSWORD} for Lumeria, "
                                 f"{CASES['valdoria'].password} for Valdoria).")
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    @transaction.atomic
    def handle(self, *args, password, force, case="lumeria", **options):
        if not settings.DEBUG and not force:
            raise CommandError("load_demo refuses to run when DEBUG is off. Use --force if you really mean it.")
        spec = CASES[case]
        password = password or spec.password
        User = get_user_model()
        users = {}
        for username, role, name in spec.users:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": spec.first_name, "last_name": name,
                                             "email": f"{username}@example.org"})
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
            users[username] = (user, role)
        owner = next(user for user, role in users.values() if role == Role.OWNER)
        case_obj, _created = StrategyCase.objects.get_or_create(
            country_name=spec.country_name, title=spec.title, defaults=dict(spec.defaults, created_by=owner))
        for user, role in users.values():
            if role is not None:
                Membership.objects.get_or_create(case=case_obj, user=user, defaults={"role": role})
        language = case_obj.report_language if spec.in_report_language else None
        with translation.override(language) if language else nullcontext():
            for app_label in ("setup_phase", "strategy", "implementation"):
                name = f"{app_label}.demo{spec.module_suffix}"
                try:
                    demo = import_module(name)
                except ModuleNotFoundError as error:
                    if error.name != name:
                        raise
                    continue
                demo.load(case_obj)
        refresh_progress(case_obj, touch=False)
        self.stdout.write(self.style.SUCCESS(f"Demo case ready: {case_obj} (fictional; id {case_obj.pk})."))
        names = [username for username, _role, _name in spec.users]
        self.stdout.write(f"Sign in as {', '.join(names[:-1])} or {names[-1]} with the password: {password}")
