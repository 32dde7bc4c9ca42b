from django.core.management.base import BaseCommand

from asm_guide.guide.search import ensure_index


class Command(BaseCommand):
    help = "Rebuild the guide's search index if the guidance files changed (searches also do this on demand)."

    def handle(self, *args, **options):
        rebuilt = ensure_index()
        if rebuilt:
            self.stdout.write("The guide's search index was rebuilt.")
        else:
            self.stdout.write("The guide's search index is up to date.")
