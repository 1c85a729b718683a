"""The reminders sent so far move to the one reminder engine (gongkai/reminders), so that no
application is reminded twice on a day it already was; then foi's own table goes. Whether those
mails reached the server was never kept: a row with recipients is taken as sent."""

from django.db import migrations


def move(apps, schema_editor):
    old = apps.get_model("foi", "Reminder")
    new = apps.get_model("reminders", "Reminder")
    rows = old.objects.select_related("request").iterator()
    new.objects.bulk_create(
        new(
            topic="foi",
            key=f"request:{r.request_id}",
            kind=r.kind,
            on=r.on,
            unit_id=r.request.unit_id,
            state="sent" if r.recipients else "nobody",
            attempts=1 if r.recipients else 0,
        )
        for r in rows
    )


class Migration(migrations.Migration):
    dependencies = [("foi", "0001_initial"), ("reminders", "0001_initial")]

    operations = [
        migrations.RunPython(move, migrations.RunPython.noop),
        migrations.DeleteModel(name="Reminder"),
    ]
