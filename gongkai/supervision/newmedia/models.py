"""New-media registry models (政务新媒体备案)."""
