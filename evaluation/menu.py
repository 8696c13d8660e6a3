from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission)
ITEMS = [
    (12, "my-performance", _("我的履职"), "performance-me", "Medal", "performance.self"),
    (
        60,
        "performance-archive",
        _("履职档案"),
        "performance-archive",
        "Files",
        "performance.manage",
    ),
    (
        61,
        "performance-report-review",
        _("述职测评审核"),
        "performance-report-review",
        "Stamp",
        "performance.manage",
    ),
    (62, "performance-points", _("履职积分"), "performance-points", "TrendCharts", "points.view"),
    (
        64,
        "evaluation-rounds",
        _("工作评价"),
        "evaluation-rounds",
        "DataAnalysis",
        "evaluation_round.view",
    ),
    (
        66,
        "indicator-systems",
        _("评价指标体系"),
        "indicator-systems",
        "List",
        "indicator_system.view",
    ),
]
