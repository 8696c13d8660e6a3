"""The suggestions API: list and read (scoped), drafts, one POST per workflow action,
statistics and the xlsx report, and the public list of published replies."""

import re

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from congress import params
from congress.api import DomainAPIView
from congress.exports import xlsx_response
from congress.models import Session
from congress.pagination import Pagination
from representatives.models import Mandate
from suggestions import report, selectors, workflow
from suggestions.models import (
    ContactLog,
    ResultClass,
    Satisfaction,
    Status,
    SuggestionCategory,
)
from suggestions.services.assignment import assignment_return, assignment_sign, suggestion_assign
from suggestions.services.attachments import (
    attachment_add,
    reply_attachment_add,
    reply_attachment_remove,
)
from suggestions.services.drafting import suggestion_create, suggestion_update
from suggestions.services.handling import (
    co_opinion_submit,
    contact_log,
    extension_decide,
    extension_request,
)
from suggestions.services.ledger import commitment_mark_done
from suggestions.services.publication import reply_publish, reply_unpublish
from suggestions.services.rating import rating_create
from suggestions.services.replies import reply_create
from suggestions.services.review import suggestion_mark_key, suggestion_review
from suggestions.services.submission import (
    cosigner_confirm,
    suggestion_enter_paper,
    suggestion_submit,
)
from suggestions.services.withdrawal import suggestion_withdraw, withdrawal_consent
from suggestions.workdays import calendar_warning


def _lead_first(assignment) -> tuple:
    """The lead unit 主办 before the co-units 协办, then in the order they were assigned."""
    return (assignment.role != "lead", assignment.pk)


class ListItem(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    category = serializers.CharField(source="category.name")
    lead_deputy = serializers.CharField(source="lead_deputy.name")
    region = serializers.CharField(source="region.name")
    term = serializers.CharField(source="term.label")
    period_display = serializers.CharField(source="get_period_display")
    is_key = serializers.BooleanField()
    broad_scope = serializers.BooleanField()
    round = serializers.IntegerField()
    reply_due = serializers.DateField()
    overdue = serializers.SerializerMethodField()
    to_confirm = serializers.SerializerMethodField()
    units = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField()

    def get_overdue(self, s) -> bool:
        return bool(
            s.reply_due and s.status in ("assigned", "signed", "rehandling")
            and s.reply_due < timezone.localdate()
        )  # fmt: skip

    def get_to_confirm(self, s) -> bool:
        """For a deputy: a draft that waits for their confirmation as co-signer."""
        return bool(getattr(s, "to_confirm", False))

    def get_units(self, s) -> list[dict]:
        return [
            {"name": a.unit.name, "role": a.role, "signed": bool(a.signed_at)}
            for a in sorted(getattr(s, "active_assignments", []), key=_lead_first)
        ]


class SuggestionListApi(DomainAPIView):
    perms = {"GET": "suggestion.view", "POST": "suggestion.create"}

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=120, allow_blank=True)
        body = serializers.CharField(allow_blank=True)
        category = serializers.IntegerField(error_messages={"invalid": "未知的建议类别。"})
        session = serializers.IntegerField(required=False, allow_null=True)
        congress = serializers.IntegerField(required=False, allow_null=True)
        cosigners = serializers.ListField(child=serializers.IntegerField(), required=False)

    @extend_schema(
        parameters=[
            OpenApiParameter("box", str, enum=[*selectors.BOXES, "overdue", "todo"]),
            OpenApiParameter("status", str, enum=Status.values),
            OpenApiParameter("category", int),
            OpenApiParameter("term", int),
            OpenApiParameter("region", str),
            OpenApiParameter("year", int),
            OpenApiParameter("q", str),
        ],
        responses=ListItem(many=True),
        summary="代表建议列表（按可见范围）",
    )
    def get(self, request):
        filters = {
            "box": params.query_choice(request, "box", [*selectors.BOXES, "overdue", "todo"]),
            "status": params.query_choice(request, "status", Status.choices),
            "category": params.query_id(request, "category"),
            "term": params.query_id(request, "term"),
            "region": params.query_code(request, "region"),
            "year": params.query_year(request),
            "q": params.query_text(request, "q"),
        }
        return self.paginate(
            selectors.suggestion_list(viewer=request.user, filters=filters), ListItem
        )

    @extend_schema(request=Input, responses={201: dict}, summary="起草建议（草稿）")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        suggestion = suggestion_create(
            author=request.user,
            title=d["title"],
            body=d["body"],
            category_id=d["category"],
            session_id=d.get("session"),
            congress_id=d.get("congress"),
            cosigner_ids=d.get("cosigners", []),
        )
        return Response({"id": suggestion.pk}, status=201)


class Detail(serializers.Serializer):
    def to_representation(self, s):
        request = self.context["request"]
        today = timezone.localdate()
        return {
            **ListItem(s).data,
            "body": s.body,
            "congress": s.congress.name,
            "session": str(s.session) if s.session else None,
            "session_id": s.session_id,
            "category_id": s.category_id,
            "leading_leader": s.leading_leader.display_name if s.leading_leader else None,
            "overseeing_committee": s.overseeing_committee,
            "cosigners": [
                {
                    "deputy_id": c.deputy_id,
                    "name": c.deputy.name,
                    "confirmed_at": c.confirmed_at,
                    "withdraw_consented_at": c.withdraw_consented_at,
                }
                for c in s.cosigners.all()
            ],  # fmt: skip
            "attachments": [_file(a) for a in s.attachments.all() if a.unit_id is None],
            "draft_reply_attachments": [
                _file(a)
                for a in s.attachments.all()
                if a.unit_id
                and a.reply_id is None
                and a.unit_id == getattr(request.user, "handling_unit_id", None)
            ],
            "reviews": [
                {"decision": r.get_decision_display(), "reason": r.reason, "at": r.reviewed_at}
                for r in s.reviews.all()
            ],  # fmt: skip
            "assignments": [
                _assignment(a, today)
                for a in sorted(
                    s.assignments.all(), key=lambda a: (not a.is_active, _lead_first(a))
                )
            ],
            "replies": [_reply(r) for r in s.replies.all()],
            "history": [
                {
                    "action": h.action,
                    "label": _label(h.action),
                    "from": h.get_from_status_display(),
                    "to": h.get_to_status_display(),
                    "actor": h.actor_name,
                    "at": h.at,
                    "note": h.note,
                }
                for h in s.history.all()
            ],  # fmt: skip
            "similar": selectors.similar_list(viewer=request.user, suggestion=s),
            "actions": workflow.allowed_actions(s, request.user),
            "my_roles": sorted(workflow.actor_roles(s, request.user)),
        }


def _label(action: str) -> str:
    row = workflow.BY_ACTION.get(action)
    return (
        row.label
        if row
        else {"create": "起草", "edit": "修改", "enter_paper": "代录纸质建议"}.get(action, action)
    )


def _assignment(a, today) -> dict:
    return {
        "id": a.id,
        "unit": a.unit.name,
        "unit_id": a.unit_id,
        "role": a.role,
        "role_display": a.get_role_display(),
        "assigned_at": a.assigned_at,
        "reply_due": a.reply_due,
        "opinion_due": a.opinion_due,
        "sign_due": a.sign_due,
        "return_until": a.return_until,
        "can_return": a.is_active and today <= a.return_until,
        "signed_at": a.signed_at,
        "opinion": a.opinion,
        "returned_at": a.returned_at,
        "return_reason": a.return_reason,
        "is_active": a.is_active,
        "contacts": [
            {"method": c.get_method_display(), "on": c.contacted_on, "summary": c.summary}
            for c in a.contacts.all()
        ],
        "extensions": [
            {
                "id": e.id,
                "months": e.months,
                "reason": e.reason,
                "decision": e.decision,
                "decision_display": e.get_decision_display(),
                "note": e.decision_note,
            }
            for e in a.extensions.all()
        ],  # fmt: skip
    }


def _file(a) -> dict:
    url = f"/api/v1/suggestions/{a.suggestion_id}/attachments/{a.id}/"
    return {"id": a.id, "name": a.name, "size": a.size, "url": url}


def _reply(r) -> dict:
    return {
        "id": r.id,
        "attachments": [_file(a) for a in r.attachments.all()],
        "round": r.round,
        "unit": r.unit.name,
        "result_class": r.result_class.code,
        "result_label": str(r.result_class),
        "body": r.body,
        "replied_at": r.replied_at,
        "on_time": r.on_time,
        "published_at": r.published_at,
        "disclosure": r.disclosure,
        "disclosure_display": r.get_disclosure_display(),
        "public_title": r.public_title,
        "public_body": r.public_body,
        "ratings": [
            {
                "deputy": x.deputy.name,
                "deputy_id": x.deputy_id,
                "attitude": x.get_attitude_display(),
                "result": x.get_result_display(),
                "comment": x.comment,
                "at": x.rated_at,
            }
            for x in r.ratings.all()
        ],  # fmt: skip
        "commitments": [
            {
                "id": c.id,
                "what": c.what,
                "due_date": c.due_date,
                "done_at": c.done_at,
                "note": c.note,
            }
            for c in r.commitments.all()
        ],  # fmt: skip
    }


class SuggestionDetailApi(DomainAPIView):
    perms = {"GET": "suggestion.view", "PUT": "suggestion.create"}

    @extend_schema(responses={200: dict}, summary="建议详情（含全部办理记录和可执行的操作）")
    def get(self, request, pk):
        s = selectors.suggestion_get(viewer=request.user, pk=pk)
        return Response(Detail(s, context={"request": request}).data)

    @extend_schema(request=SuggestionListApi.Input, responses={200: dict}, summary="修改草稿")
    def put(self, request, pk):
        s = selectors.suggestion_get(viewer=request.user, pk=pk)
        data = SuggestionListApi.Input(data=request.data)
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
        return Response({"id": s.pk})


# --- Actions: one input per action, each handled by one service ------------------------------


class Empty(serializers.Serializer):
    pass


class ReasonIn(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class AcceptIn(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")
    is_key = serializers.BooleanField(required=False, default=False)
    leading_leader = serializers.IntegerField(required=False, allow_null=True)
    overseeing_committee = serializers.CharField(allow_blank=True, required=False, default="")


class AssignIn(serializers.Serializer):
    lead_unit = serializers.IntegerField(
        error_messages={"required": "请选择主办单位。", "null": "请选择主办单位。"}
    )
    co_units = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    broad_scope = serializers.BooleanField(required=False, default=False)


class ContactIn(serializers.Serializer):
    method = serializers.ChoiceField(choices=ContactLog.Method.choices)
    contacted_on = serializers.DateField()
    summary = serializers.CharField(allow_blank=True)


class OpinionIn(serializers.Serializer):
    opinion = serializers.CharField(allow_blank=True)


class ExtensionIn(serializers.Serializer):
    months = serializers.IntegerField(min_value=1, max_value=3, error_messages={
        "max_value": "延期最多3个月。", "min_value": "至少延期1个月。"})  # fmt: skip
    reason = serializers.CharField(allow_blank=True)


class DecideIn(serializers.Serializer):
    extension = serializers.IntegerField()
    approve = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True, required=False, default="")


class CommitmentIn(serializers.Serializer):
    what = serializers.CharField(max_length=200)
    due_date = serializers.DateField()


class ReplyIn(serializers.Serializer):
    result_class = serializers.CharField()
    body = serializers.CharField(allow_blank=True)
    commitments = CommitmentIn(many=True, required=False, default=list)


class RateIn(serializers.Serializer):
    attitude = serializers.ChoiceField(
        choices=Satisfaction.choices, error_messages={"invalid_choice": "请评价办理态度。"}
    )
    result = serializers.ChoiceField(
        choices=Satisfaction.choices, error_messages={"invalid_choice": "请评价办理结果。"}
    )
    comment = serializers.CharField(allow_blank=True, required=False, default="")


_ID = {"min_value": 1, "max_value": 2**31 - 1,
       "error_messages": {"invalid": "请填写有效的编号。", "min_value": "请填写有效的编号。",
                          "max_value": "请填写有效的编号。", "null": "请填写有效的编号。"}}  # fmt: skip


class PublishIn(serializers.Serializer):
    """The public title and text as staff confirmed them in the preview (edited or not);
    without them the stored public text is published again (see reply_publish)."""

    reply = serializers.IntegerField(required=False, allow_null=True, default=None, **_ID)
    title = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                  error_messages={"invalid": "公开标题须为文本。"})  # fmt: skip
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                 error_messages={"invalid": "公开文本须为文本。"})  # fmt: skip
    names = serializers.ListField(child=serializers.CharField(max_length=30), required=False,
                                  default=list, error_messages={"not_a_list": "姓名须为列表。"})  # fmt: skip


class UnpublishIn(serializers.Serializer):
    reply = serializers.IntegerField(required=False, allow_null=True, default=None, **_ID)
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=200,
                                   error_messages={"max_length": "理由不能超过200字。"})  # fmt: skip


class KeyIn(serializers.Serializer):
    is_key = serializers.BooleanField()
    leading_leader = serializers.IntegerField(required=False, allow_null=True)
    overseeing_committee = serializers.CharField(allow_blank=True, required=False, default="")


class DoneIn(serializers.Serializer):
    commitment = serializers.IntegerField()
    note = serializers.CharField(allow_blank=True, required=False, default="")


def _public(r) -> dict:
    return {"reply": r.pk, "disclosure": r.disclosure, "title": r.public_title,
            "text": r.public_body, "published_at": r.published_at}  # fmt: skip


def _accept(s, u, d, accept=True):
    return suggestion_review(
        suggestion=s, actor=u, accept=accept, reason=d.get("reason", ""),
        is_key=d.get("is_key", False), leading_leader_id=d.get("leading_leader"),
        overseeing_committee=d.get("overseeing_committee", ""),
    )  # fmt: skip


ACTIONS = {
    "confirm_cosign": (Empty, lambda s, u, d: cosigner_confirm(suggestion=s, actor=u)),
    "submit": (Empty, lambda s, u, d: {"similar": suggestion_submit(suggestion=s, actor=u)}),
    "accept": (AcceptIn, _accept),
    "return_for_rework": (ReasonIn, lambda s, u, d: _accept(s, u, d, accept=False)),
    "mark_key": (KeyIn, lambda s, u, d: suggestion_mark_key(
        suggestion=s, actor=u, is_key=d["is_key"], leading_leader_id=d.get("leading_leader"),
        overseeing_committee=d["overseeing_committee"])),
    "assign": (AssignIn, lambda s, u, d: {"warnings": suggestion_assign(
        suggestion=s, actor=u, lead_unit_id=d["lead_unit"], co_unit_ids=d["co_units"],
        broad_scope=d["broad_scope"])}),
    "reassign": (AssignIn, lambda s, u, d: {"warnings": suggestion_assign(
        suggestion=s, actor=u, lead_unit_id=d["lead_unit"], co_unit_ids=d["co_units"],
        broad_scope=d["broad_scope"])}),
    "sign": (Empty, lambda s, u, d: assignment_sign(suggestion=s, actor=u)),
    "sign_co": (Empty, lambda s, u, d: assignment_sign(suggestion=s, actor=u)),
    "unit_return": (ReasonIn, lambda s, u, d: assignment_return(
        suggestion=s, actor=u, reason=d["reason"])),
    "co_unit_return": (ReasonIn, lambda s, u, d: assignment_return(
        suggestion=s, actor=u, reason=d["reason"])),
    "contact": (ContactIn, lambda s, u, d: contact_log(suggestion=s, actor=u, **d)),
    "co_opinion": (OpinionIn, lambda s, u, d: co_opinion_submit(suggestion=s, actor=u, **d)),
    "request_extension": (ExtensionIn, lambda s, u, d: extension_request(
        suggestion=s, actor=u, **d)),
    "decide_extension": (DecideIn, lambda s, u, d: extension_decide(
        suggestion=s, actor=u, extension_id=d["extension"], approve=d["approve"], note=d["note"])),
    "reply": (ReplyIn, lambda s, u, d: reply_create(suggestion=s, actor=u, **d)),
    "rate_satisfied": (RateIn, lambda s, u, d: rating_create(
        suggestion=s, actor=u, expect="rate_satisfied", **d)),
    "rate_unsatisfied": (RateIn, lambda s, u, d: rating_create(
        suggestion=s, actor=u, expect="rate_unsatisfied", **d)),
    "rate_cosigner": (RateIn, lambda s, u, d: rating_create(
        suggestion=s, actor=u, expect="rate_cosigner", **d)),
    "consent_withdrawal": (Empty, lambda s, u, d: withdrawal_consent(suggestion=s, actor=u)),
    "withdraw": (ReasonIn, lambda s, u, d: suggestion_withdraw(
        suggestion=s, actor=u, reason=d["reason"])),
    "publish": (PublishIn, lambda s, u, d: {"public": _public(reply_publish(
        suggestion=s, actor=u, reply_id=d["reply"], title=d.get("title"), text=d.get("text"),
        names=d["names"]))}),
    "unpublish": (UnpublishIn, lambda s, u, d: {"public": _public(reply_unpublish(
        suggestion=s, actor=u, reply_id=d["reply"], reason=d["reason"]))}),
    "commitment_done": (DoneIn, lambda s, u, d: commitment_mark_done(
        suggestion=s, actor=u, commitment_id=d["commitment"], note=d["note"])),
}  # fmt: skip


# Rows of the table whose endpoint is not POST /<id>/<action>/ (their URLs are older).
OTHER_ENDPOINTS = {
    "edit": "PUT /api/v1/suggestions/<id>/",
    "attach": "POST /api/v1/suggestions/<id>/attachments/",
}


class SuggestionActionApi(DomainAPIView):
    """POST /api/v1/suggestions/<id>/<action>/ for every step of the workflow (see workflow.py)."""

    perms = {"POST": "suggestion.act"}

    @extend_schema(request=dict, responses={200: dict}, summary="办理操作（见状态流转表）")
    def post(self, request, pk, action):
        if action not in ACTIONS:
            return Response(
                {"code": "not_found", "message": "未知的操作。", "fields": {}}, status=404
            )
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        # The action named in the URL is the table's row: its actor and status are checked
        # here, so e.g. `reassign` is refused while the suggestion still waits for `assign`.
        workflow.check(suggestion, action, request.user)
        input_class, handler = ACTIONS[action]
        data = input_class(data=request.data)
        data.is_valid(raise_exception=True)
        result = handler(suggestion, request.user, data.validated_data)
        body = result if isinstance(result, dict) else {}
        return Response({"ok": True, **body})


class PublicTextApi(DomainAPIView):
    """The preview before publishing: exactly the title and text the public page would show.
    Staff of the suggestion's region (or above) only; anyone else gets a 404."""

    perms = {"GET": "suggestion.view"}

    class Params(serializers.Serializer):
        reply = serializers.IntegerField(required=False, allow_null=True, default=None, **_ID)
        regenerate = serializers.BooleanField(required=False, default=False,
                                              error_messages={"invalid": "请填写是或否。"})  # fmt: skip
        names = serializers.CharField(required=False, allow_blank=True, default="", max_length=300,
                                      error_messages={"max_length": "姓名不能超过300字。"})  # fmt: skip

    class Output(serializers.Serializer):
        reply = serializers.IntegerField()
        round = serializers.IntegerField()
        source = serializers.CharField(
            help_text="stored: the text confirmed before; generated: from the raw reply"
        )
        title = serializers.CharField()
        text = serializers.CharField()
        names = serializers.ListField(child=serializers.CharField())
        disclosure = serializers.CharField()
        disclosure_display = serializers.CharField()
        published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema(parameters=[Params], responses=Output,
                   summary="公开答复预览（regenerate=1：按原文重新生成；names：另需隐去的姓名，以、或逗号分隔）")  # fmt: skip
    def get(self, request, pk):
        params = self.Params(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        reply = selectors.reply_for_disclosure(viewer=request.user, pk=pk, reply_id=p["reply"])
        names = [n.strip() for n in re.split(r"[、，,;；\s]+", p["names"]) if n.strip()]
        return Response(self.Output(selectors.public_text_proposal(
            reply=reply, regenerate=p["regenerate"], names=names)).data)  # fmt: skip


class AttachmentApi(DomainAPIView):
    perms = {"POST": "suggestion.create"}

    @extend_schema(request=dict, responses={201: dict}, summary="上传附件")
    def post(self, request, pk):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        upload = request.FILES.get("file")
        if upload is None:
            return Response(
                {
                    "code": "invalid",
                    "message": "请选择文件。",
                    "fields": {"file": ["请选择文件。"]},
                },
                status=400,
            )
        a = attachment_add(suggestion=suggestion, actor=request.user, file=upload)
        return Response({"id": a.pk, "name": a.name, "size": a.size}, status=201)


class AttachmentFileApi(DomainAPIView):
    """One attachment's file, in the suggestion's scope (404 outside), as a download."""

    perms = {"GET": "suggestion.view"}

    @extend_schema(responses={200: bytes}, summary="下载附件")
    def get(self, request, pk, attachment_id):
        a = selectors.attachment_get(viewer=request.user, pk=pk, attachment_id=attachment_id)
        try:
            handle = a.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404(_("附件文件已丢失。")) from exc
        response = FileResponse(handle, as_attachment=True, filename=a.name)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ReplyAttachmentApi(DomainAPIView):
    """The lead unit's files for its coming reply: upload here, remove one before the reply is
    sent (ReplyAttachmentDetailApi)."""

    perms = {"POST": "suggestion.act"}

    @extend_schema(request=dict, responses={201: dict}, summary="上传答复附件")
    def post(self, request, pk):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        upload = request.FILES.get("file")
        if upload is None:
            return Response(
                {
                    "code": "invalid",
                    "message": "请选择文件。",
                    "fields": {"file": ["请选择文件。"]},
                },
                status=400,
            )
        a = reply_attachment_add(suggestion=suggestion, actor=request.user, file=upload)
        return Response(_file(a), status=201)


class ReplyAttachmentDetailApi(DomainAPIView):
    perms = {"DELETE": "suggestion.act"}

    @extend_schema(responses={200: dict}, summary="删除尚未发出的答复附件")
    def delete(self, request, pk, attachment_id):
        suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
        reply_attachment_remove(
            suggestion=suggestion, actor=request.user, attachment_id=attachment_id
        )
        return Response({"ok": True})


class MetaApi(DomainAPIView):
    """Lists a form needs: categories, classes, sessions, the calendar warning, the table."""

    perms = {"GET": "suggestion.view"}

    @extend_schema(responses={200: dict}, summary="建议表单所需的选项")
    def get(self, request):
        sessions, congresses = [], []
        deputy = getattr(request.user, "deputy", None) if request.user.role == "deputy" else None
        if deputy is not None:
            mandates = Mandate.objects.filter(deputy=deputy, status="serving")
            congresses = [
                {"id": m.congress_id, "name": m.congress.name}
                for m in mandates.select_related("congress").order_by("-congress__region_id")
            ]
            sessions = [
                {"id": s.id, "label": str(s), "start_date": s.start_date,
                 "congress_id": s.term.congress_id}
                for s in Session.objects.filter(
                    term_id__in=mandates.values("term_id")
                ).select_related("term__congress")
            ]  # fmt: skip
        return Response({
            "categories": list(SuggestionCategory.objects.filter(is_active=True).values("id", "name")),
            "result_classes": [{"code": c.code, "label": c.label, "needs_commitment": c.needs_commitment}
                               for c in ResultClass.objects.filter(is_active=True)],
            "statuses": [{"value": v, "label": str(label)} for v, label in Status.choices],
            "satisfaction": [{"value": v, "label": str(label)} for v, label in Satisfaction.choices],
            "contact_methods": [{"value": v, "label": str(label)} for v, label in ContactLog.Method.choices],
            "sessions": sessions,
            "congresses": congresses,
            "calendar_warning": calendar_warning(timezone.localdate()),
            "transitions": [
                {"action": t.action, "label": t.label, "from": sorted(t.sources),
                 "to": t.target, "who": sorted(t.who)}
                for t in workflow.TRANSITIONS
            ],
        })  # fmt: skip


class OptionsApi(DomainAPIView):
    """Units and leaders a staff member may pick for this suggestion."""

    perms = {"GET": "suggestion.act"}

    @extend_schema(responses={200: dict}, summary="交办可选单位与牵头领导")
    def get(self, request, pk):
        s = selectors.suggestion_get(viewer=request.user, pk=pk)
        return Response({
            "units": list(selectors.assignable_units(viewer=request.user, suggestion=s).values("id", "name")),
            "leaders": [{"id": u.id, "name": u.display_name}
                        for u in selectors.leaders(viewer=request.user, suggestion=s)],
        })  # fmt: skip


class PaperSuggestionApi(DomainAPIView):
    """Staff type in a paper suggestion on a deputy's behalf: GET the serving deputies they may
    choose (?q=name), POST the suggestion, which goes straight into review."""

    perms = {"GET": "suggestion.enter", "POST": "suggestion.enter"}

    class Input(SuggestionListApi.Input):
        lead_deputy = serializers.IntegerField(
            error_messages={
                "required": "请选择领衔代表。",
                "null": "请选择领衔代表。",
                "invalid": "请选择领衔代表。",
            }  # fmt: skip
        )

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses={200: dict},
                   summary="可选的领衔/附议代表（本辖区在任代表）")  # fmt: skip
    def get(self, request):
        q = params.query_text(request, "q")
        return Response(selectors.paper_deputy_candidates(viewer=request.user, query=q))

    @extend_schema(request=Input, responses={201: dict}, summary="代为录入纸质建议（直接提交审查）")
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        suggestion = suggestion_enter_paper(
            actor=request.user,
            lead_deputy_id=d["lead_deputy"],
            title=d["title"],
            body=d["body"],
            category_id=d["category"],
            session_id=d.get("session"),
            congress_id=d.get("congress"),
            cosigner_ids=d.get("cosigners", []),
        )
        return Response({"id": suggestion.pk}, status=201)


class CosignerCandidatesApi(DomainAPIView):
    perms = {"GET": "suggestion.create"}

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("congress", int)],
                   responses={200: dict}, summary="可邀请附议的在任代表")  # fmt: skip
    def get(self, request):
        q = params.query_text(request, "q")
        congress = params.query_id(request, "congress")
        return Response(
            selectors.cosigner_candidates(viewer=request.user, query=q, congress_id=congress)
        )


class UnitStatsApi(DomainAPIView):
    perms = {"GET": "suggestion.stats"}

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("term", int)],
                   responses={200: dict}, summary="承办单位办理统计")  # fmt: skip
    def get(self, request):
        return Response(selectors.unit_statistics(viewer=request.user,
            year=params.query_year(request), term_id=params.query_id(request, "term")))  # fmt: skip


class RegionStatsApi(DomainAPIView):
    perms = {"GET": "suggestion.stats"}

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("term", int)],
                   responses={200: dict}, summary="按区划、届次、状态和类别统计")  # fmt: skip
    def get(self, request):
        return Response(selectors.region_statistics(viewer=request.user,
            year=params.query_year(request), term_id=params.query_id(request, "term")))  # fmt: skip


class AnnualReportApi(DomainAPIView):
    perms = {"GET": "suggestion.stats"}

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses={200: bytes},
                   summary="年度建议办理情况报告（xlsx）")  # fmt: skip
    def get(self, request):
        year = params.query_year(request, default=timezone.localdate().year)
        content = report.annual_report(viewer=request.user, year=year)
        return xlsx_response(content, f"{year}年代表建议办理情况.xlsx")


class PublicReplyListApi(APIView):
    """Public on purpose (no login): published replies, only the public title and text that
    staff confirmed at publication."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        title = serializers.CharField(source="public_title")
        region = serializers.CharField(source="suggestion.region.name")
        category = serializers.CharField(source="suggestion.category.name")
        unit = serializers.CharField(source="unit.name")
        result_class = serializers.CharField(source="result_class.__str__")
        round = serializers.IntegerField()
        body = serializers.CharField(source="public_body")
        replied_at = serializers.DateTimeField()
        published_at = serializers.DateTimeField()

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses=Output(many=True),
                   summary="公开的建议答复（公开，无需登录）")  # fmt: skip
    def get(self, request):
        qs = selectors.published_replies(query=params.query_text(request, "q"))
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(self.Output(page, many=True).data)
