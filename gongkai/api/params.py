"""Parameters the routers share."""

from __future__ import annotations

from typing import Annotated

from ninja import Path

# The largest id a database row has (a signed 64-bit integer: PostgreSQL's bigint, SQLite's integer).
MAX_ID = 2**63 - 1

# An object's id in a path: 1 … MAX_ID, as the schema says; any other number is refused with 422
# naming the parameter before the database is asked (a larger one reached a query whose primary
# key is a relation, which Django does not range-check, and was a 500).
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
