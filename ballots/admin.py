"""Admin: set-up data only. Counters, participations and results are deliberately not here,
so nobody can edit a count or browse who voted outside the audited services."""

from django.contrib import admin

from ballots.models import (
    AppointedOfficial,
    CommitteeMeeting,
    CommitteeMember,
    LivelihoodProject,
    OfficialReport,
)

admin.site.register([AppointedOfficial, OfficialReport, CommitteeMeeting, CommitteeMember])


@admin.register(LivelihoodProject)
class LivelihoodProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "congress", "year", "status", "progress"]
    list_filter = ["status", "year"]
    search_fields = ["title"]
