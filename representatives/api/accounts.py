"""Login accounts for deputies, created in bulk; each initial password is shown once and must be
changed at the first login."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.errors import ApplicationError
from congress.schema import errors
from representatives import services
from representatives.selectors.register import visible_deputies


class DeputyAccountOut(serializers.Serializer):
    deputy = serializers.IntegerField()
    name = serializers.CharField()
    username = serializers.CharField()
    password = serializers.CharField(help_text="初始密码，仅此一次显示，首次登录须修改")


class DeputyAccountsApi(DomainAPIView):
    perms = {"POST": "deputy.accounts"}

    class Input(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)

    class Output(serializers.Serializer):
        created = serializers.SerializerMethodField()
        skipped = serializers.IntegerField(help_text="已有账号的代表数")

        @extend_schema_field(DeputyAccountOut(many=True))
        def get_created(self, data) -> list[dict]:
            return data["created"]

    @extend_schema(
        request=Input,
        responses={200: Output, **errors(400)},
        summary="为代表批量创建登录账号（初始密码仅显示一次）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["ids"]
        deputies = list(visible_deputies(request.user).filter(pk__in=ids).order_by("pk"))
        if len(deputies) != len(set(ids)):
            raise ApplicationError(
                _("部分代表不存在或不在您的管辖范围内。"),
                fields={"ids": [_("部分代表不存在或不在您的管辖范围内。")]},
            )
        accounts = services.deputy_accounts_create(viewer=request.user, deputies=deputies)
        body = {"created": accounts, "skipped": len(deputies) - len(accounts)}
        return Response(self.Output(body).data)
