"""政务咨询 (inquiries): the rules and actions; views in portal/, workbench/ and api/ call these.

Modules: ``rules`` (plain: due date, the inspection's three months), ``tracking`` (plain: codes),
``access`` (who sees and acts; the audited reveal of the asker), ``services`` (every change,
audited), ``public`` (what the public sees), ``figures`` (dashboards and the inspection),
``reminders`` (the inbox provider), ``demo`` (``seed_inquiries``).
"""
