"""Sent after commit when the calendar's data changed, so that stored deadlines computed from it
can be recomputed by the apps that own them (the calendar knows nothing of those apps)."""

from django.dispatch import Signal

calendar_changed = Signal()
