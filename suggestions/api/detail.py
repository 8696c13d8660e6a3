"""One suggestion with everything it went through and what the viewer may do next (GET), and
editing a draft (PUT: the table's `edit` row)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.schema import errors
from suggestions import limits, selectors, workflow
from suggestions.api.common import FileOut, ListItem, SimilarOut, lead_first, result_label
from suggestions.api.lists import DraftIn, IdOut
from suggestions.exports import STATE_LABELS
from suggestions.services.drafting import suggestion_update

OTHER_STEPS = {"create": _lazy("起草"), "edit": _lazy("修改"), "enter_paper": _lazy("代录纸质建议")}


class CosignerOut(serializers.Serializer):
    deputy_id = serializers.IntegerField()
    name = serializers.CharField(source="deputy.name")
    confirmed_at = serializers.DateTimeField(allow_null=True)
    withdraw_consented_at = serializers.DateTimeField(allow_null=True)


class ReviewOut(serializers.Serializer):
    decision = serializers.CharField(source="get_decision_display")
    reason = serializers.CharField()
    at = serializers.DateTimeField(source="reviewed_at")


class ContactOut(serializers.Serializer):
    method = serializers.CharField(source="get_method_display")
    on = serializers.DateField(source="contacted_on")
    summary = serializers.CharField()


class ExtensionOut(serializers.Serializer):
    id = serializers.IntegerField()
    months = serializers.IntegerField()
    reason = serializers.CharField()
    decision = serializers.CharField()
    decision_display = serializers.CharField(source="get_decision_display")
    note = serializers.CharField(source="decision_note")


class AssignmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.name")
    unit_id = serializers.IntegerField()
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    assigned_at = serializers.DateTimeField()
    reply_due = serializers.DateField(allow_null=True)
    opinion_due = serializers.DateField(allow_null=True)
    sign_due = serializers.DateField()
    return_until = serializers.DateField()
    can_return = serializers.SerializerMethodField()
    signed_at = serializers.DateTimeField(allow_null=True)
    opinion = serializers.CharField()
    returned_at = serializers.DateTimeField(allow_null=True)
    return_reason = serializers.CharField()
    is_active = serializers.BooleanField()
    contacts = ContactOut(many=True, source="contacts.all")
    extensions = ExtensionOut(many=True, source="extensions.all")

    def get_can_return(self, a) -> bool:
        return a.is_active and timezone.localdate() <= a.return_until


class RatingOut(serializers.Serializer):
    deputy = serializers.CharField(source="deputy.name")
    deputy_id = serializers.IntegerField()
    attitude = serializers.CharField(source="get_attitude_display")
    result = serializers.CharField(source="get_result_display")
    comment = serializers.CharField()
    at = serializers.DateTimeField(source="rated_at")
    is_paper = serializers.BooleanField()  # a paper rating sheet 测评表 entered by staff
    sheet_url = serializers.SerializerMethodField()

    def get_sheet_url(self, r) -> str | None:
        """The scan of a paper rating sheet, downloaded in the suggestion's scope."""
        return (
            f"/api/v1/suggestions/{r.reply.suggestion_id}/ratings/{r.pk}/sheet/"
            if r.is_paper
            else None
        )


class CommitmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    what = serializers.CharField()
    due_date = serializers.DateField()
    done_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()
    # The ledger's state (待完成, 已逾期, 单位已报完成, 已回头督, 已失效): one definition,
    # selectors.commitment_state, also for those who do not see the ledger (the deputies).
    state = serializers.SerializerMethodField()
    state_display = serializers.SerializerMethodField()

    def get_state(self, c) -> str:
        return selectors.commitment_state(c, timezone.localdate())

    def get_state_display(self, c) -> str:
        return str(STATE_LABELS[self.get_state(c)])


class ReplyOut(serializers.Serializer):
    id = serializers.IntegerField()
    attachments = FileOut(many=True, source="attachments.all")
    round = serializers.IntegerField()
    unit = serializers.CharField(source="unit.name")
    result_class = serializers.CharField(source="result_class.code")
    result_label = serializers.SerializerMethodField()
    body = serializers.CharField()
    replied_at = serializers.DateTimeField()
    on_time = serializers.BooleanField()
    published_at = serializers.DateTimeField(allow_null=True)
    disclosure = serializers.CharField()
    disclosure_display = serializers.CharField(source="get_disclosure_display")
    public_title = serializers.CharField()
    public_body = serializers.CharField()
    ratings = RatingOut(many=True, source="ratings.all")
    commitments = CommitmentOut(many=True, source="commitments.all")

    def get_result_label(self, r) -> str:
        return result_label(r.result_class)


class HistoryOut(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.SerializerMethodField()
    # "from" is a keyword: declared in __init__ below
    to = serializers.CharField(source="get_to_status_display")
    actor = serializers.CharField(source="actor_name")
    at = serializers.DateTimeField()
    note = serializers.CharField()

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.CharField(source="get_from_status_display")
        return fields

    def get_label(self, h) -> str:
        row = workflow.BY_ACTION.get(h.action)
        return row.label if row else OTHER_STEPS.get(h.action, h.action)


class DeadlineOut(serializers.Serializer):
    key = serializers.CharField()  # review, assign, reply, rehandle
    label = serializers.CharField()
    due = serializers.DateField()
    running = serializers.BooleanField()  # the limit the suggestion is held to now
    overdue = serializers.BooleanField()
    days_overdue = serializers.IntegerField()
    fallback = serializers.BooleanField()  # counted on the Monday–Friday fallback


class DeadlinesOut(serializers.Serializer):
    items = DeadlineOut(many=True)
    rule = serializers.CharField()  # the reminder and escalation rule in force
    rule_region = serializers.CharField()  # whose rules ('' for the defaults)
    fallback = serializers.BooleanField()


class DetailOut(ListItem):
    body = serializers.CharField()
    congress = serializers.CharField(source="congress.name")
    session = serializers.SerializerMethodField()
    session_id = serializers.IntegerField(allow_null=True)
    category_id = serializers.IntegerField()
    leading_leader = serializers.CharField(
        source="leading_leader.display_name", allow_null=True, default=None
    )
    overseeing_committee = serializers.CharField()
    cosigners = CosignerOut(many=True, source="cosigners.all")
    attachments = serializers.SerializerMethodField()
    draft_reply_attachments = serializers.SerializerMethodField()
    reviews = ReviewOut(many=True, source="reviews.all")
    assignments = serializers.SerializerMethodField()
    replies = ReplyOut(many=True, source="replies.all")
    history = HistoryOut(many=True, source="history.all")
    similar = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    my_roles = serializers.SerializerMethodField()
    deadlines = serializers.SerializerMethodField()
    review_stages = serializers.SerializerMethodField()

    def get_session(self, s) -> str | None:
        return str(s.session) if s.session else None

    @extend_schema_field(FileOut(many=True))
    def get_attachments(self, s):
        return FileOut([a for a in s.attachments.all() if a.unit_id is None], many=True).data

    @extend_schema_field(FileOut(many=True))
    def get_draft_reply_attachments(self, s):
        """The viewer's unit's files for its coming reply (only that unit sees them)."""
        unit_id = getattr(self.context["request"].user, "handling_unit_id", None)
        mine = [a for a in s.attachments.all() if a.unit_id and a.reply_id is None]
        return FileOut([a for a in mine if a.unit_id == unit_id], many=True).data

    @extend_schema_field(AssignmentOut(many=True))
    def get_assignments(self, s):
        ordered = sorted(s.assignments.all(), key=lambda a: (not a.is_active, lead_first(a)))
        return AssignmentOut(ordered, many=True).data

    @extend_schema_field(SimilarOut(many=True))
    def get_similar(self, s):
        return selectors.similar_list(viewer=self.context["request"].user, suggestion=s)

    def get_actions(self, s) -> list[str]:
        return workflow.allowed_actions(s, self.context["request"].user)

    def get_my_roles(self, s) -> list[str]:
        return sorted(workflow.actor_roles(s, self.context["request"].user))

    @extend_schema_field(DeadlinesOut)
    def get_deadlines(self, s) -> dict:
        """Its deadlines, which are overdue, and the reminder rule in force (limits.py)."""
        return DeadlinesOut(limits.deadlines(s)).data

    def get_review_stages(self, s) -> dict | None:
        """三审: the region's review stages with their outcomes (None: reviewed in one step)."""
        from suggestions.rules import stage_view  # noqa: PLC0415

        return stage_view(s, self.context["request"].user)


class SuggestionDetailApi(DomainAPIView):
    perms = {"GET": "suggestion.view", "PUT": "suggestion.create"}
    Output = DetailOut

    @extend_schema(responses={200: Output, **errors(404)},
                   summary="建议详情（含全部办理记录和可执行的操作）")  # fmt: skip
    def get(self, request, pk):
        s = selectors.suggestion_get(viewer=request.user, pk=pk)
        return Response(self.Output(s, context={"request": request}).data)

    @extend_schema(request=DraftIn, responses={200: IdOut, **errors(400, 404, 409)},
                   summary="修改草稿（状态流转表：edit）")  # fmt: skip
    def put(self, request, pk):
        s = selectors.suggestion_get(viewer=request.user, pk=pk)
        data = DraftIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        suggestion_update(
            suggestion=s,
            actor=request.user,
            title=d["title"],
            body=d["body"],
            category_id=d["category"],
            session_id=d.get("session"),
            cosigner_ids=d.get("cosigners", []),
        )
        return Response(IdOut(s).data)
