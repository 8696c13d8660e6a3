"""Serializers every supervision API module shares."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from supervision import workflow


class ProjectRegion(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SupervisedUnit(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def choices(pairs) -> list[dict]:
    return [{"value": v, "label": str(label)} for v, label in pairs]


class ProjectRow(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField()
    region = ProjectRegion()
    forms = serializers.ListField(child=serializers.CharField())
    forms_display = serializers.ListField(child=serializers.CharField())
    combined = serializers.BooleanField()
    unit = SupervisedUnit(allow_null=True)
    committee = serializers.CharField()
    committee_display = serializers.CharField(source="get_committee_display")
    joint = serializers.BooleanField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    parent_title = serializers.CharField(source="parent.title", default=None, allow_null=True)
    planned_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    township_count = serializers.IntegerField(default=0)


class ProjectDocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField()
    stage_display = serializers.CharField(source="get_stage_display")
    title = serializers.CharField()
    file_name = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(source="uploaded_by.display_name", default="")
    url = serializers.SerializerMethodField()

    def get_url(self, d) -> str:
        return f"/api/v1/supervision/documents/{d.pk}/file/"


class RectificationReportOut(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField()
    due_date = serializers.DateField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_by = serializers.CharField(source="submitted_by.display_name", default="")
    text = serializers.CharField()
    file_name = serializers.CharField()
    url = serializers.SerializerMethodField()
    on_time = serializers.BooleanField(allow_null=True)
    rating = serializers.CharField()
    rating_display = serializers.CharField(source="get_rating_display")
    rated_at = serializers.DateTimeField(allow_null=True)
    rating_note = serializers.CharField()
    ballot_title = serializers.CharField(
        source="ballot_item.ballot.title", default=None, allow_null=True
    )

    def get_url(self, r) -> str:
        return f"/api/v1/supervision/reports/{r.pk}/file/" if r.file else ""


class RectificationOut(serializers.Serializer):
    id = serializers.IntegerField()
    project = serializers.IntegerField(source="project_id")
    project_title = serializers.CharField(source="project.title")
    year = serializers.IntegerField(source="project.year")
    region = ProjectRegion(source="project.region")
    unit = SupervisedUnit()
    opinions = serializers.CharField()
    sent_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    due_date = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    def get_due_date(self, r) -> str | None:
        current = r.current()
        return current.due_date.isoformat() if current else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, r):
        return workflow.rectification_allowed(r, self.context["request"].user)


class RectificationDetailOut(RectificationOut):
    reports = RectificationReportOut(many=True)


class InquiryCommitmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    what = serializers.CharField()
    due_date = serializers.DateField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    reported_at = serializers.DateTimeField(allow_null=True)
    evidence_note = serializers.CharField()
    evidence_url = serializers.SerializerMethodField()
    checked_at = serializers.DateTimeField(allow_null=True)
    check_note = serializers.CharField()

    def get_evidence_url(self, c) -> str:
        return f"/api/v1/supervision/commitments/{c.pk}/evidence/" if c.evidence else ""


class InquiryQuestionOut(serializers.Serializer):
    id = serializers.IntegerField()
    asker_kind = serializers.CharField()
    asker_kind_display = serializers.CharField(source="get_asker_kind_display")
    asker_name = serializers.CharField()
    deputy = serializers.IntegerField(source="deputy_id", allow_null=True)
    question = serializers.CharField()
    answerer_name = serializers.CharField()
    answerer_post = serializers.CharField()
    answer = serializers.CharField()
    asked_at = serializers.DateTimeField()
    commitments = InquiryCommitmentOut(many=True, source="commitments.all")


class ProjectStepOut(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    to_status = serializers.CharField()
    actor_name = serializers.CharField()
    at = serializers.DateTimeField()
    note = serializers.CharField()


class ProjectDeputyBrief(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProjectEventBrief(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    starts_at = serializers.DateTimeField()
