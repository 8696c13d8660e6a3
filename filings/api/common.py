"""Serializers every filings API module shares."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from congress.permissions import has_perm
from filings import selectors, workflow
from filings.models import Filing, Status


class FilingRegionBrief(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class FilingUnitBrief(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def is_overdue(filing: Filing) -> bool:
    today = timezone.localdate()
    if filing.status == Status.PUBLISHED and filing.due_on:
        return filing.due_on < today
    if filing.status == Status.CORRECTION_DUE and filing.correction_due:
        return filing.correction_due < today
    return False


class FilingOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    doc_number = serializers.CharField()
    region = FilingRegionBrief()
    unit = FilingUnitBrief()
    level_display = serializers.SerializerMethodField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    intervention = serializers.BooleanField()
    paper = serializers.BooleanField()
    published_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    filed_on = serializers.DateField(allow_null=True)
    late = serializers.BooleanField()
    number = serializers.CharField()
    registered_on = serializers.DateField(allow_null=True)
    result = serializers.CharField()
    result_display = serializers.CharField(source="get_result_display")
    result_note = serializers.CharField()
    concluded_on = serializers.DateField(allow_null=True)
    correction_due = serializers.DateField(allow_null=True)
    correction_report = serializers.CharField()
    corrected_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_level_display(self, filing) -> str:
        return _("乡镇规范性文件") if len(filing.region_id) > 6 else _("县级部门规范性文件")

    def get_overdue(self, filing) -> bool:
        """Past its filing deadline unfiled, or past its correction deadline uncorrected."""
        return is_overdue(filing)


class FilingInvitationOut(serializers.Serializer):
    id = serializers.IntegerField()
    expert = serializers.IntegerField(source="expert_id")
    expert_name = serializers.CharField(source="expert.display_name")
    question = serializers.CharField()
    opinion = serializers.CharField()
    invited_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)


class FilingReviewOut(serializers.Serializer):
    id = serializers.IntegerField()
    stage = serializers.CharField()
    stage_display = serializers.CharField(source="get_stage_display")
    reason = serializers.CharField()
    basis_ok = serializers.BooleanField(allow_null=True)
    basis_note = serializers.CharField()
    conflict_ok = serializers.BooleanField(allow_null=True)
    conflict_note = serializers.CharField()
    procedure_ok = serializers.BooleanField(allow_null=True)
    procedure_note = serializers.CharField()
    opinion = serializers.CharField()
    reviewer = serializers.CharField(source="reviewer.display_name", default="")
    started_at = serializers.DateTimeField()
    concluded_at = serializers.DateTimeField(allow_null=True)
    is_open = serializers.BooleanField()
    invitations = serializers.SerializerMethodField()

    @extend_schema_field(FilingInvitationOut(many=True))
    def get_invitations(self, review):
        """The experts' opinions: for staff and leaders, never for the filer."""
        if not has_perm(self.context["request"].user, "filing.view"):
            return []
        return FilingInvitationOut(review.invitations.all(), many=True).data


class FilingDocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    file_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_by = serializers.CharField(source="uploaded_by.display_name", default="")
    uploaded_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_url(self, d) -> str:
        return f"/api/v1/filings/documents/{d.pk}/file/"


class FilingHistoryOut(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    label = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor = serializers.CharField(source="actor.display_name", default="")
    note = serializers.CharField()
    at = serializers.DateTimeField()


class FilingDetailOut(FilingOut):
    actions = serializers.ListField(child=serializers.CharField())
    reviews = FilingReviewOut(many=True)
    documents = FilingDocumentOut(many=True)
    history = FilingHistoryOut(many=True)


def detail(filing: Filing, request) -> dict:
    filing = selectors.filing_get(viewer=request.user, pk=filing.pk)
    context = {"request": request}
    data = FilingOut(filing, context=context).data
    data["actions"] = workflow.allowed(filing, request.user)
    data["reviews"] = FilingReviewOut(
        selectors.review_list(filing=filing), many=True, context=context
    ).data
    data["documents"] = FilingDocumentOut(selectors.document_list(filing=filing), many=True).data
    data["history"] = FilingHistoryOut(selectors.history_list(filing=filing), many=True).data
    return data
