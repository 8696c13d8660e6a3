from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission, group)
ITEMS = [
    (70, "filings", _("规范性文件备案审查"), "filings:list", "DocumentChecked", "filing.view",
     "supervision"),
    (71, "filings-report", _("备案审查年度报告"), "filings:report", "DataAnalysis", "filing.view",
     "supervision"),
    (72, "filings-mine", _("规范性文件报备"), "filings:mine", "DocumentAdd", "filing.file",
     "supervision"),
    (73, "filings-reviews", _("我的审查邀请"), "filings:reviews", "Stamp", "filing.expert",
     "supervision"),
]  # fmt: skip
