from tests.publishing.conftest import draft, flow

__all__ = ["draft", "flow"]
