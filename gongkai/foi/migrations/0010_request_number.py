"""登记号 stored on the request and unique across units (issue 17, point 11): before, it was
``<year>-<serial>`` computed per unit, so two units both had 2026-00001. Existing requests get
``<unit short name>-<year>-<serial>`` (the full name where two units share a short name)."""

from django.db import migrations, models


def fill_numbers(apps, schema_editor):
    Request = apps.get_model("foi", "Request")
    Unit = apps.get_model("orgs", "Unit")
    shorts = {}
    for unit in Unit.objects.all():
        shorts.setdefault(unit.short_name.strip(), []).append(unit.pk)
    names = {}
    for unit in Unit.objects.all():
        short = unit.short_name.strip()
        names[unit.pk] = short if short and len(shorts[short]) == 1 else unit.name
    for request in Request.objects.order_by("pk").iterator():
        request.number = f"{names[request.unit_id]}-{request.year}-{request.serial:05d}"
        request.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [
        ("foi", "0009_long_period"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="request",
            name="number",
            field=models.CharField(default="", editable=False, max_length=120, verbose_name="登记号"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_numbers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="request",
            name="number",
            field=models.CharField(editable=False, max_length=120, unique=True, verbose_name="登记号"),
        ),
    ]
