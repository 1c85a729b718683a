from django.db import migrations


class Migration(migrations.Migration):
    """The policy Q&A knowledge base (一号答): its tables."""

    dependencies = [("participation", "0003_inquiries"), ("publishing", "0004_item_kind_answer")]
    operations: list[migrations.operations.base.Operation] = []
