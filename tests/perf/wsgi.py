"""WSGI entry for the benchmark: the application with the bench settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.perf.settings"
application = get_wsgi_application()
