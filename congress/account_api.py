"""The account's own API: obtain a token for a password, log out, change the password, list and
revoke one's tokens. These concern the caller's own credentials, not domain data, so they need
a login (IsAuthenticated) rather than a domain permission; every row is the caller's own."""

from datetime import datetime

from django.contrib.auth import authenticate, update_session_auth_hash
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from congress import accounts, tokens
from congress.errors import ApplicationError
from congress.models import ApiToken
from congress.schema import errors
from congress.views import LOCKOUT_MESSAGE


class TokenOut(serializers.ModelSerializer):
    idle_expires_at = serializers.SerializerMethodField(help_text="闲置到此时刻即失效")
    current = serializers.SerializerMethodField(help_text="是否为本次请求所用的令牌")

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "idle_expires_at",
            "current",
        ]

    def get_idle_expires_at(self, token) -> datetime:
        return serializers.DateTimeField().to_representation(tokens.idle_deadline(token))

    def get_current(self, token) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, ApiToken) and auth.pk == token.pk


class ObtainTokenApi(APIView):
    """Public on purpose: a password buys a token. django-axes counts the failures (five lock the
    username for 30 minutes), as it does for the login page."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    class Input(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128, trim_whitespace=False)
        name = serializers.CharField(
            max_length=50, required=False, allow_blank=True, help_text="设备或用途，如“办公室电脑”"
        )

    class Output(TokenOut):
        token = serializers.CharField(source="key", help_text="令牌本身，只在此时显示一次")

        class Meta(TokenOut.Meta):
            fields = ["token"] + TokenOut.Meta.fields

    @extend_schema(
        request=Input,
        responses={200: Output, **errors(400, 403, 429)},
        summary="用户名和密码换取API令牌（公开）",
        auth=[],
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        # The DRF request, not the Django one: axes marks a lockout on it, and the answer
        # stays JSON instead of the login page's HTML lockout.
        user = authenticate(
            request=request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None:
            if getattr(request, "axes_locked_out", False):
                raise ApplicationError(str(LOCKOUT_MESSAGE), code="locked_out", status=429)
            raise ApplicationError(
                _("用户名或密码错误。连续失败5次将锁定30分钟。"), code="invalid_credentials"
            )
        if user.must_change_password:
            raise ApplicationError(
                _("须先修改密码：请在网页上登录并修改密码后再获取令牌。"),
                code="password_change_required",
                status=403,
            )
        token, key = tokens.token_create(user=user, name=data.validated_data.get("name", ""))
        token.key = key
        return Response(self.Output(token, context={"request": request}).data)


class LogoutApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: None},
        summary="退出：用令牌时只吊销该令牌；用会话时结束会话并吊销本账号全部令牌",
    )
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            tokens.tokens_revoke(
                user=request.user, reason=ApiToken.Reason.LOGOUT, ids=[request.auth.pk]
            )
        else:
            accounts.account_logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeApi(APIView):
    """Open to an account that must change its password (congress.middleware lets it through)."""

    permission_classes = [IsAuthenticated]

    class Input(serializers.Serializer):
        old_password = serializers.CharField(max_length=128, trim_whitespace=False)
        new_password = serializers.CharField(max_length=128, trim_whitespace=False)

    @extend_schema(
        request=Input,
        responses={204: None, **errors(400)},
        summary="修改本人密码（本账号全部API令牌随之失效）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        user = accounts.password_change(user=request.user, **data.validated_data)
        if not isinstance(request.auth, ApiToken):
            update_session_auth_hash(request._request, user)  # this session stays logged in
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TokenOut(many=True), summary="我的API令牌（仍有效的）")
    def get(self, request):
        rows = tokens.token_list(viewer=request.user)
        return Response(TokenOut(rows, many=True, context={"request": request}).data)


class TokenDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None}, summary="吊销我的一个API令牌")
    def delete(self, request, pk: int):
        tokens.token_revoke_own(viewer=request.user, token_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
