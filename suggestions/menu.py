from django.utils.translation import gettext_lazy as _

ITEMS = [
    (30, "suggestions_mine", _("我的建议"), "suggestions:mine", "EditPen", "suggestion.mine"),
    (30, "suggestions_board", _("建议办理"), "suggestions:board", "Tickets", "suggestion.board"),
    (30, "suggestions_inbox", _("待办建议"), "suggestions:inbox", "Tickets", "suggestion.inbox"),
    (
        35,
        "suggestions_stats",
        _("建议统计"),
        "suggestions:stats",
        "DataAnalysis",
        "suggestion.stats",
    ),
    (36, "suggestions_public", _("答复公开"), "suggestions:public", "Reading", "suggestion.view"),
]
