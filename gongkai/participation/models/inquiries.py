"""inquiries models."""

__all__: list[str] = []
