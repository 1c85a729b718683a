"""Consultations (征求意见): rules (state.py, plain), access, services (the audited actions),
adoption (采纳情况 through the publishing pipeline), public views of the data, reminders, demo."""
