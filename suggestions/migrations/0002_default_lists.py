from django.db import migrations

CATEGORIES = ["经济", "城乡建设", "教育", "医疗卫生", "农业农村", "社会保障", "交通", "生态环境",
              "文化旅游", "政法", "其他"]
CLASSES = [
    ("A", "已经解决或基本解决", False),
    ("B", "正在解决或列入规划逐步解决", True),
    ("C", "因条件限制需以后解决", False),
    ("D", "留作参考", False),
]


def forwards(apps, schema_editor):
    Category = apps.get_model("suggestions", "SuggestionCategory")
    ResultClass = apps.get_model("suggestions", "ResultClass")
    for order, name in enumerate(CATEGORIES):
        Category.objects.get_or_create(name=name, defaults={"order": order})
    for order, (code, label, needs) in enumerate(CLASSES):
        ResultClass.objects.get_or_create(
            code=code, defaults={"label": label, "order": order, "needs_commitment": needs}
        )


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
