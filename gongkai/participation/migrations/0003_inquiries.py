from django.db import migrations


class Migration(migrations.Migration):
    """Inquiries (政务咨询): their tables."""

    dependencies = [("participation", "0002_consultations")]
    operations: list[migrations.operations.base.Operation] = []
