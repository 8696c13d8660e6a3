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
    # Issue 14's pages (an entry shows once its URL exists).
    (31, "suggestions_meetings", _("专会交办"), "suggestions:meetings", "Connection",
     "suggestion.board", "suggestions"),
    (32, "suggestions_handoffs", _("跨层级移交"), "suggestions:handoffs", "Switch",
     "suggestion.board", "suggestions"),
    (33, "suggestions_ledger", _("承诺解决台账"), "suggestions:ledger", "Notebook",
     "suggestion.board", "suggestions"),
    # The same page for handling units (their own replies' commitments: report them done).
    (33, "suggestions_ledger_unit", _("承诺解决台账"), "suggestions:ledger", "Notebook",
     "suggestion.inbox", "suggestions"),
    (37, "suggestions_rules", _("建议办理规则"), "suggestions:rules", "Operation",
     "suggestion.board", "suggestions"),
    (38, "suggestions_calendar", _("工作日安排"), "suggestions:calendar", "Calendar",
     "suggestion.board", "suggestions"),
]  # fmt: skip
