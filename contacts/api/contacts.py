"""Contacts logged under a relation and the issues raised in them (one API class per action)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.models import Region, Role, User
from congress.schema import errors
from congress.scope import region_prefix
from contacts import selectors
from contacts.api.common import ContactIssueOut, ContactRecordOut
from contacts.models import Way
from contacts.services import issues as issue_services
from contacts.services.contacts import contact_log
from representatives.models import Deputy


class ContactRecordInput(serializers.Serializer):
    occurred_on = serializers.DateField()
    way = serializers.ChoiceField(choices=Way.choices)
    subject = serializers.CharField(max_length=2000)
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    issues = serializers.ListField(
        child=serializers.CharField(max_length=1000, allow_blank=True), required=False, default=list,
        max_length=20,
    )  # fmt: skip


class ContactLogApi(DomainAPIView):
    perms = {"POST": "contact.log"}

    @extend_schema(request=ContactRecordInput, responses={201: ContactRecordOut, **errors(400, 403)},
                   summary="登记一次联系（含反映的问题）")  # fmt: skip
    def post(self, request, pk):
        relation = selectors.relation_get(viewer=request.user, pk=pk)
        data = ContactRecordInput(data=request.data)
        data.is_valid(raise_exception=True)
        contact = contact_log(actor=request.user, relation=relation, **data.validated_data)
        contact = selectors.contacts_of(relation).get(pk=contact.pk)
        context = {"request": request, "relation": relation}
        return Response(ContactRecordOut(contact, context=context).data, status=201)


class ContactIssueActionInput(serializers.Serializer):
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    # 转为工作任务 only: the unit that takes it (default: the official's body) and its deadline
    owner_unit = serializers.IntegerField(required=False, allow_null=True)
    due = serializers.DateField(required=False, allow_null=True)


def _issue_action(action: str, summary: str):
    """One API class per issue action: POST …/issues/<id>/<action>/ with an optional text."""

    class Api(DomainAPIView):
        perms = {"POST": "contact.log"}

        @extend_schema(request=ContactIssueActionInput, responses={200: ContactIssueOut, **errors(400, 403, 409)},
                       summary=summary, operation_id=f"contacts_issue_{action}")  # fmt: skip
        def post(self, request, pk):
            issue = selectors.issue_get(viewer=request.user, pk=pk)
            data = ContactIssueActionInput(data=request.data)
            data.is_valid(raise_exception=True)
            d = data.validated_data
            text = d["text"]
            actor = request.user
            if action == "to_opinion":
                issue = issue_services.issue_to_opinion(actor=actor, issue=issue)
            elif action == "to_suggestion":
                issue = issue_services.issue_to_suggestion(actor=actor, issue=issue)
            elif action == "to_task":
                issue = issue_services.issue_to_task(
                    actor=actor, issue=issue, owner_unit_id=d.get("owner_unit"), due=d.get("due")
                )
            elif action == "answer":
                issue = issue_services.issue_answer(actor=actor, issue=issue, result=text)
            elif action == "feed_back":
                issue = issue_services.issue_feed_back(actor=actor, issue=issue, feedback=text)
            else:
                issue = issue_services.issue_close(actor=actor, issue=issue, reason=text)
            issue = selectors.issue_get(viewer=actor, pk=issue.pk)
            return Response(ContactIssueOut(issue, context={"request": request}).data)

    Api.__name__ = Api.__qualname__ = "Issue" + action.title().replace("_", "") + "Api"
    return Api


IssueToOpinionApi = _issue_action("to_opinion", "问题转为社情民意")
IssueToSuggestionApi = _issue_action("to_suggestion", "问题转为代表建议（代表本人的草稿）")
IssueToTaskApi = _issue_action("to_task", "问题转为工作任务")
IssueAnswerApi = _issue_action("answer", "登记问题的办理结果")
IssueFeedBackApi = _issue_action("feed_back", "向提出人反馈办理结果")
IssueCloseApi = _issue_action("close", "标为无需办理")


class ContactOptionOut(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    detail = serializers.CharField()
    role = serializers.CharField(default="")


class ContactRelationOptionsOut(serializers.Serializer):
    contactors = ContactOptionOut(many=True)
    members = ContactOptionOut(many=True)
    townships = ContactOptionOut(many=True)
    deputies = ContactOptionOut(many=True)


class RelationOptionsApi(DomainAPIView):
    perms = {"GET": "contact.manage"}

    @extend_schema(parameters=[OpenApiParameter("q", str)], responses={200: ContactRelationOptionsOut},
                   summary="新建联系关系的可选对象（本辖区）")  # fmt: skip
    def get(self, request):
        from ballots.models import CommitteeMember  # noqa: PLC0415 - ballots owns the members

        prefix = region_prefix(request.user) or ""
        q = params.query_text(request, "q", max_length=30)
        users = (
            User.objects.filter(is_active=True)
            .filter(
                Q(role=Role.OFFICIAL, handling_unit__region__code__startswith=prefix)
                | Q(role__in=[Role.SUPERVISOR, Role.STAFF], region__code__startswith=prefix)
            )
            .select_related("handling_unit", "region")[:300]
        )
        members = CommitteeMember.objects.filter(
            is_active=True, term__congress__region__code__startswith=prefix
        ).select_related("deputy", "term__congress")[:300]
        townships = Region.objects.filter(code__startswith=prefix, level=Region.Level.TOWNSHIP)[
            :500
        ]
        deputies = Deputy.objects.filter(region__code__startswith=prefix)
        if q:
            deputies = deputies.filter(name__contains=q)
        return Response(ContactRelationOptionsOut({
            "contactors": [{"id": u.pk, "name": u.display_name, "detail": _user_detail(u),
                            "role": u.role}
                           for u in users],
            "members": [{"id": m.pk, "name": m.deputy.name,
                         "detail": f"{m.term.congress.name} {m.post}"} for m in members],
            "townships": [{"id": r.code, "name": r.name, "detail": ""} for r in townships],
            "deputies": [{"id": d.pk, "name": d.name, "detail": d.region.name}
                         for d in deputies.select_related("region")[:50]],
        }).data)  # fmt: skip


def _user_detail(user: User) -> str:
    if user.role == Role.OFFICIAL:
        return user.handling_unit.name if user.handling_unit_id else _("国家机关领导干部")
    return f"{user.get_role_display()} {user.region.name if user.region_id else ''}"
