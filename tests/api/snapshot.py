"""Print the current OpenAPI schema: ``make openapi-snapshot`` writes it to tests/api/openapi.json."""

from __future__ import annotations

import json
import os


def current_schema() -> str:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()
    from gongkai.api.api import api

    return json.dumps(api.get_openapi_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(current_schema(), end="")
