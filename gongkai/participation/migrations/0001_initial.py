from django.db import migrations


class Migration(migrations.Migration):
    """The app's root: consultations and inquiries each add their own tables after it."""

    initial = True
    dependencies: list[tuple[str, str]] = []
    operations: list[migrations.operations.base.Operation] = []
