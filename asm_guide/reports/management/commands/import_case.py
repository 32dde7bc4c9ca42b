"""Create a new case from an ``asm-case/2`` (or older ``asm-case/1``) JSON file:
``import_case FILE --owner USERNAME``."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from asm_guide import casefile
from asm_guide.wizard.progress import refresh_progress


class Command(BaseCommand):
    help = ("Import a case exported as JSON (format asm-case/2, or the older asm-case/1) as a new draft case. "
            "All or nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--owner", required=True, help="Username of the new case's owner.")
        parser.add_argument("--members", action="store_true",
                            help="Also add the members listed in the file (users must exist here).")

    def handle(self, *args, file, owner, members, **options):
        user = get_user_model().objects.filter(username=owner).first()
        if user is None:
            raise CommandError(f"--owner: no user {owner!r}.")
        try:
            text = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}.") from None
        try:
            case = casefile.import_case(casefile.loads(text), owner=user, members=members)
        except casefile.ImportRefused as refused:
            lines = "\n".join(f"  - {error}" for error in refused.errors)
            raise CommandError(f"{file} was not imported (nothing was written):\n{lines}") from None
        refresh_progress(case, touch=False)
        for note in case.import_notes:
            self.stderr.write(self.style.WARNING(f"Note: {note}"))
        self.stdout.write(self.style.SUCCESS(f"Imported {case} as case {case.pk}, owned by {owner}."))
