"""knowledge base models."""

__all__: list[str] = []
