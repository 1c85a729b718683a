from django.db import migrations

# (code, name, offers an RSS/Atom feed) — the platforms the 全国政务新媒体报送系统 lists most;
# the office adds others on the workbench.
PLATFORMS = [
    ("wechat", "微信公众号", False),
    ("weibo", "微博", False),
    ("douyin", "抖音", False),
    ("toutiao", "今日头条", False),
    ("channels", "视频号", False),
    ("kuaishou", "快手", False),
    ("xiaohongshu", "小红书", False),
    ("other", "其他", True),
]


def load(apps, schema_editor):
    Platform = apps.get_model("newmedia", "Platform")
    for position, (code, name, feed) in enumerate(PLATFORMS, start=1):
        Platform.objects.get_or_create(code=code, defaults={"name": name, "offers_feed": feed, "position": position * 10})


class Migration(migrations.Migration):
    """The platforms as data."""

    dependencies = [("newmedia", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
