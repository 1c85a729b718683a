from django.db import migrations


class Migration(migrations.Migration):
    """Consultations (征求意见): their tables."""

    dependencies = [("participation", "0001_initial")]
    operations: list[migrations.operations.base.Operation] = []
