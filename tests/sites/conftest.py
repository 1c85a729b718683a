"""Sites' fixtures: published items of unit A and B (tests/portal/test_items_public.py's
make_public), and two sites over them."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.orgs.models import Unit
from gongkai.sites import services
from gongkai.sites.models import Site
from tests.portal.test_items_public import flow_b, make_public  # noqa: F401
from tests.publishing.conftest import draft, flow  # noqa: F401


@pytest.fixture
def portal(office: Any, government: Unit) -> Site:
    return services.create_site(
        office, code="kbs", name="康巴什区人民政府", host="www.example.cn", whole_library=True, is_default=True
    )


@pytest.fixture
def street_site(office: Any, unit_b: Unit) -> Site:
    return services.create_site(office, code="street", name="街道政务公开", host="street.example.cn", units=[unit_b])
