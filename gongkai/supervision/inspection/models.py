"""Site self-inspection models (网站与政务新媒体检查)."""
