from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission, group)
ITEMS = [
    (16, "my-study", _("我的学习"), "training-my-study", "Reading", "training.study", "meetings"),
    (17, "my-training", _("我的培训学时"), "training-my-training", "Medal", "training.study",
     "meetings"),
    (54, "training-courses", _("培训课程"), "training-courses", "Notebook", "training.view",
     "meetings"),
    (55, "training-materials", _("学习资料库"), "training-materials", "Files", "training.view",
     "meetings"),
    (56, "training-plans", _("一月两学"), "training-plans", "Reading", "training.view", "meetings"),
    (57, "training-figures", _("培训覆盖率"), "training-figures", "DataAnalysis",
     "training.figures", "meetings"),
]  # fmt: skip
