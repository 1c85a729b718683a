"""The ledger's reminders sent so far move to the one reminder engine (gongkai/reminders), so
that the weekly overdue rhythm goes on; then the ledger's own table goes. Whether those mails
reached the server was never kept: a row with recipients is taken as sent."""

from django.db import migrations


def move(apps, schema_editor):
    old = apps.get_model("ledger", "Reminder")
    new = apps.get_model("reminders", "Reminder")
    new.objects.bulk_create(
        new(
            topic="ledger",
            key=f"task:{r.task_id}:unit:{r.unit_id}",
            kind=r.kind,
            on=r.on,
            unit_id=r.unit_id,
            state="sent" if r.recipients else "nobody",
            attempts=1 if r.recipients else 0,
        )
        for r in old.objects.iterator()
    )


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_task_reminder"), ("reminders", "0001_initial")]

    operations = [
        migrations.RunPython(move, migrations.RunPython.noop),
        migrations.DeleteModel(name="Reminder"),
    ]
