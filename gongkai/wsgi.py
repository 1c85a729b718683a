"""WSGI entry point: ``gunicorn gongkai.wsgi`` (see README, Operations)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()
