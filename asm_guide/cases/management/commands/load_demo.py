"""Load the fictional Republic of Lumeria case and its demo users. Idempotent."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

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


class Command(BaseCommand):
    help = "Load the fictional 'Republic of Lumeria' demo case and the demo users (running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password for the demo users.")
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    @transaction.atomic
    def handle(self, *args, password, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("load_demo refuses to run when DEBUG is off. Use --force if you really mean it.")
        User = get_user_model()
        users = {}
        for username, role, name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": "Demo", "last_name": name,
                                             "email": f"{username}@example.org"})
            if created or not user.check_password(password):
                user.set_password(password)
                user.save()
            users[username] = (user, role)
        case, _created = StrategyCase.objects.get_or_create(
            country_name="Republic of Lumeria", title=DEMO_TITLE,
            defaults=dict(
                lead_ministry="Ministry of Mines and Geology", currency="USD", strategy_start_year=2026,
                horizon_years=5, report_language="en", is_fictional=True, is_minamata_party=True,
                asgm_more_than_insignificant=True, nap_status="submitted",
                created_by=users["demo-owner"][0],
            ),
        )
        for user, role in users.values():
            if role is not None:
                Membership.objects.get_or_create(case=case, user=user, defaults={"role": role})
        for app_label in ("setup_phase", "strategy", "implementation"):
            try:
                demo = import_module(f"{app_label}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_label}.demo":
                    raise
                continue
            demo.load(case)
        refresh_progress(case, touch=False)
        self.stdout.write(self.style.SUCCESS(f"Demo case ready: {case} (fictional; id {case.pk})."))
        self.stdout.write("Sign in as demo-owner, demo-editor, demo-reviewer or demo-outsider "
                          f"with the password: {password}")
