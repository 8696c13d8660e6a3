"""Login accounts for deputies, opened in bulk, and the one-time invitations (a printed sheet or
a text) that let them log in the first time (representatives.accounts)."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.errors import ApplicationError
from congress.schema import errors
from representatives import accounts
from representatives.api.common import FILTER_PARAMS
from representatives.models import Deputy, Invitation, Mandate
from representatives.selectors.register import (
    DeputyFilters,
    deputy_get,
    deputy_list,
    visible_deputies,
)

PRINT_TARGETS_MAX = 5000


def _in_scope(request, ids: list[int]) -> list[Deputy]:
    """The deputies named, each in the viewer's reach (the whole call is refused otherwise)."""
    serving = Mandate.objects.filter(status=Mandate.Status.SERVING).select_related(
        "congress", "group"
    )
    found = list(
        accounts.with_serving(visible_deputies(request.user))
        .filter(pk__in=ids)
        .select_related("user")
        .prefetch_related(Prefetch("mandates", queryset=serving, to_attr="serving"))
        .order_by("pk")
    )
    if len(found) != len(set(ids)):
        message = _("部分代表不存在或不在您的管辖范围内。")
        raise ApplicationError(message, fields={"ids": [message]})
    return found


class IdsInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(), allow_empty=False, max_length=accounts.PER_CALL
    )


class RefusedOut(serializers.Serializer):
    deputy = serializers.IntegerField()
    name = serializers.CharField()
    reason = serializers.CharField()


class DeputyAccountOut(serializers.Serializer):
    deputy = serializers.IntegerField()
    name = serializers.CharField()
    username = serializers.CharField()
    password = serializers.CharField(help_text="一次性初始密码，仅此一次显示，首次登录须修改")


class DeputyAccountsApi(DomainAPIView):
    """Opens the accounts and shows each one-time code on the screen, once."""

    perms = {"POST": "deputy.accounts"}
    Input = IdsInput

    class Output(serializers.Serializer):
        created = serializers.SerializerMethodField()
        skipped = serializers.IntegerField(help_text="已有账号的代表数")

        @extend_schema_field(DeputyAccountOut(many=True))
        def get_created(self, data) -> list[dict]:
            return data["created"]

    @extend_schema(
        request=IdsInput,
        responses={200: Output, **errors(400)},
        summary="为代表批量创建登录账号（一次性初始密码仅显示一次）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        deputies = _in_scope(request, data.validated_data["ids"])
        opened = accounts.accounts_open(viewer=request.user, deputies=deputies)
        made = {row["deputy"] for row in opened.created}
        fresh = [d for d in deputies if d.pk in made]
        sheets, _refused = accounts.invitations_issue(
            viewer=request.user, deputies=fresh, channel=Invitation.Channel.SCREEN
        )
        created = [{**row, "password": row["code"]} for row in sheets]
        return Response(self.Output({"created": created, "skipped": opened.skipped}).data)


class AccountsOpenApi(DomainAPIView):
    perms = {"POST": "deputy.accounts"}
    Input = IdsInput

    class Output(serializers.Serializer):
        class Created(serializers.Serializer):
            deputy = serializers.IntegerField()
            name = serializers.CharField()
            username = serializers.CharField()

        created = Created(many=True)
        skipped = serializers.IntegerField(help_text="已有账号而跳过的代表数")
        refused = RefusedOut(many=True, help_text="不予开通的代表及原因")

    @extend_schema(
        request=IdsInput,
        responses={200: Output, **errors(400)},
        summary="为选中的代表开通登录账号（不在任的代表逐一说明原因）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        deputies = _in_scope(request, data.validated_data["ids"])
        opened = accounts.accounts_open(viewer=request.user, deputies=deputies)
        body = {"created": opened.created, "skipped": opened.skipped, "refused": opened.refused}
        return Response(self.Output(body).data)


class SheetOut(serializers.Serializer):
    deputy = serializers.IntegerField()
    name = serializers.CharField()
    username = serializers.CharField()
    code = serializers.CharField(help_text="一次性邀请码：只在此时返回，库中仅存散列")
    expires_at = serializers.DateTimeField()
    phone_masked = serializers.CharField()
    seats = serializers.ListField(child=serializers.CharField(), help_text="在任的代表资格")


class InvitationsApi(DomainAPIView):
    perms = {"POST": "deputy.accounts"}

    class Input(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(),
            allow_empty=False,
            max_length=accounts.ISSUE_PER_CALL,
            help_text="每次最多500名代表",
        )
        channel = serializers.ChoiceField(
            choices=[Invitation.Channel.PRINT, Invitation.Channel.SMS],
            error_messages={"invalid_choice": gettext_lazy("请选择打印邀请函或短信邀请。")},
        )
        reset = serializers.BooleanField(
            default=False, help_text="也为已设置密码的代表重新发放（重置密码）"
        )

    class Output(serializers.Serializer):
        sheets = SheetOut(many=True)
        refused = RefusedOut(many=True)
        days = serializers.IntegerField(help_text="邀请码有效天数")

    @extend_schema(
        request=Input,
        responses={200: Output, **errors(400)},
        summary="发放一次性邀请码（打印邀请函或短信）；旧邀请码随即作废",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        deputies = _in_scope(request, data.validated_data["ids"])
        sheets, refused = accounts.invitations_issue(
            viewer=request.user,
            deputies=deputies,
            channel=data.validated_data["channel"],
            reset=data.validated_data["reset"],
        )
        by_pk = {d.pk: d for d in deputies}
        for sheet in sheets:
            seats = by_pk[sheet["deputy"]].serving
            sheet["seats"] = [
                " · ".join(filter(None, [str(m.congress), m.group.name if m.group else ""]))
                for m in seats
            ]
        body = {"sheets": sheets, "refused": refused, "days": accounts.INVITATION_DAYS}
        return Response(self.Output(body).data)


class InvitationTargetsApi(DomainAPIView):
    """The deputies of a filter whose invitation is still to hand over: an account, and no
    password of their own yet (what the print page issues codes for, in chunks)."""

    perms = {"GET": "deputy.accounts"}

    class Output(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField())
        total = serializers.IntegerField()

    @extend_schema(
        parameters=FILTER_PARAMS,
        responses={200: Output, **errors(400)},
        summary="筛选范围内待发放邀请的代表",
    )
    def get(self, request):
        filters = DeputyFilters.from_params(request.query_params)
        qs = deputy_list(viewer=request.user, filters=filters).filter(
            user__isnull=False, user__must_change_password=True
        )
        ids = list(qs.values_list("pk", flat=True)[: PRINT_TARGETS_MAX + 1])
        if len(ids) > PRINT_TARGETS_MAX:
            message = _("一次最多打印%(n)d份邀请函，请缩小筛选范围。") % {"n": PRINT_TARGETS_MAX}
            raise ApplicationError(message, fields={"filters": [message]})
        return Response(self.Output({"ids": ids, "total": len(ids)}).data)


class AccountStateApi(DomainAPIView):
    perms = {"GET": "deputy.view"}

    class Output(serializers.Serializer):
        class InvitationOut(serializers.Serializer):
            channel = serializers.CharField()
            channel_display = serializers.CharField()
            issued_at = serializers.DateTimeField()
            expires_at = serializers.DateTimeField()
            used_at = serializers.DateTimeField(allow_null=True)
            sent_to = serializers.CharField(help_text="短信发送号码（脱敏）")
            state = serializers.ChoiceField(choices=Invitation.State.choices)
            state_display = serializers.CharField()

        state = serializers.ChoiceField(
            choices=["none", "awaiting", "invited", "active"],
            help_text="none 未开通；awaiting 待发放邀请；invited 已发放邀请；active 已启用",
        )
        label = serializers.CharField()
        username = serializers.CharField(required=False)
        invitation = InvitationOut(allow_null=True, required=False)

    @extend_schema(responses=Output, summary="代表的登录账号与最近一次邀请")
    def get(self, request, pk):
        deputy = deputy_get(viewer=request.user, pk=pk)
        return Response(self.Output(accounts.account_state(deputy, timezone.now())).data)
