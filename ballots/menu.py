from django.utils.translation import gettext_lazy as _

# (order, key, label, url name, icon, permission)
ITEMS = [
    (60, "ballots", _("测评票决"), "ballots:list", "Finished", "ballot.turnout"),
    (62, "projects", _("民生实事"), "ballots:projects", "Flag", "project.view"),
    (63, "vote", _("我的投票"), "ballots:vote-list", "Checked", "ballot.vote"),
]
