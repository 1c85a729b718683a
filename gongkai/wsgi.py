"""WSGI entry point: ``gunicorn gongkai.wsgi`` (see README, Operations)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from gongkai.ops import checks

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()

if settings.PRODUCTION:
    # A server that would print statutory letters in empty boxes, or keep applicants' ID cards
    # where any user of the machine reads them, does not start (gunicorn's worker fails to boot
    # and says why); ``manage.py check`` reports the same.
    errors = [str(message) for tag in (checks.FONTS, checks.FILES) for message in checks.run(tag)]
    if errors:
        raise ImproperlyConfigured("production mode refuses to start:\n" + "\n".join(errors))
