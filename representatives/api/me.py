"""The deputy's own record: read in full (it is their own data), the phone number and the photo
changed by the deputy."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from congress.api import DomainAPIView
from congress.schema import errors
from representatives import services
from representatives.api.common import DeputyOut
from representatives.selectors.register import deputy_of_user


class MyInfoApi(DomainAPIView):
    """The logged-in deputy's own record, in full (it is their own data)."""

    perms = {"GET": "deputy.self", "PATCH": "deputy.self"}

    class Output(DeputyOut):
        id_number = serializers.CharField()
        phone = serializers.CharField()
        photo_url = serializers.SerializerMethodField()

        class Meta(DeputyOut.Meta):
            fields = DeputyOut.Meta.fields + ["id_number", "phone", "photo_url"]

        def get_photo_url(self, obj) -> str:
            return (
                f"/deputies/{obj.pk}/photo/?v={int(obj.updated_at.timestamp())}"
                if obj.photo
                else ""
            )

    class Input(serializers.Serializer):
        phone = serializers.CharField(max_length=20, allow_blank=True)

    @extend_schema(responses=Output, summary="我的信息")
    def get(self, request):
        return Response(self.Output(deputy_of_user(request.user)).data)

    @extend_schema(
        request=Input, responses={200: Output, **errors(400)}, summary="修改我的手机号码"
    )
    def patch(self, request):
        deputy = deputy_of_user(request.user)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.deputy_self_update(deputy=deputy, phone=data.validated_data["phone"])
        return Response(self.Output(deputy_of_user(request.user)).data)


class MyPhotoApi(DomainAPIView):
    perms = {"POST": "deputy.self"}
    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        photo = serializers.FileField()

    @extend_schema(
        request=Input,
        responses={200: MyInfoApi.Output, **errors(400)},
        summary="上传我的照片（JPG/PNG/WebP，5MB以内）",
    )
    def post(self, request):
        deputy = deputy_of_user(request.user)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.deputy_photo_set(deputy=deputy, upload=data.validated_data["photo"])
        return Response(MyInfoApi.Output(deputy_of_user(request.user)).data)
