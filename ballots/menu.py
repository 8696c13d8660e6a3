from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission[, group])
ITEMS = [
    (60, "ballots", _("测评票决"), "ballots:list", "Finished", "ballot.turnout"),
    (62, "projects", _("民生实事"), "ballots:projects", "Flag", "project.view"),
    (61, "reviews", _("重点建议评议"), "ballots:reviews", "Medal", "ballot.turnout", "ballots"),
    (64, "appointments", _("人事任免"), "ballots:appointments", "Stamp", "appointment.view",
     "ballots"),
    (63, "vote", _("我的投票"), "ballots:vote-list", "Checked", "ballot.vote"),
]  # fmt: skip
