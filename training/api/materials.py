"""Learning materials: the list, uploading (checked by content and size), correcting,
removing, and the file itself (videos with range requests)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.errors import invalid
from congress.schema import download, errors, paginated
from congress.scope import region_filter_or_404
from training import selectors
from training.api.common import MaterialOut
from training.files import ranged_response
from training.models import Course, Material, StudyAssignment
from training.services import materials


def _course(request, course_id):
    if not course_id:
        return None
    q = selectors.manage_q(request.user)
    course = Course.objects.filter(q, pk=course_id).first() if q is not None else None
    if course is None:
        raise invalid("course", _("所选的课程不存在，或您无权查看。"))
    return course


class MaterialListApi(DomainAPIView):
    perms = {"GET": "training.view", "POST": "training.manage"}
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class Input(serializers.Serializer):
        file = serializers.FileField()
        title = serializers.CharField(max_length=120, required=False, allow_blank=True)
        course = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        region = serializers.CharField(max_length=12, required=False, allow_blank=True)
        minutes = serializers.IntegerField(min_value=0, max_value=600, default=0)

    @extend_schema(
        parameters=[
            OpenApiParameter("course", int),
            OpenApiParameter("kind", str, enum=Material.Kind.values),
            OpenApiParameter("region", str),
        ],
        responses={200: paginated(MaterialOut)},
        summary="学习资料列表",
    )
    def get(self, request):
        region = params.query_code(request, "region")
        qs = selectors.material_list(
            viewer=request.user,
            course=params.query_id(request, "course"),
            kind=params.query_choice(request, "kind", Material.Kind.values),
            region=region_filter_or_404(request.user, region) if region else "",
        )
        return self.paginate(qs, MaterialOut)

    @extend_schema(
        request={"multipart/form-data": Input},
        responses={201: MaterialOut},
        summary="上传学习资料（文档或视频）",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        material = materials.material_upload(
            actor=request.user,
            file=v["file"],
            title=v.get("title", ""),
            region=v.get("region") or None,
            course=_course(request, v.get("course")),
            minutes=v.get("minutes", 0),
        )
        return Response(MaterialOut(material).data, status=201)


class MaterialDetailApi(DomainAPIView):
    perms = {"GET": "training.view", "PUT": "training.manage", "DELETE": "training.manage"}

    class Input(serializers.Serializer):
        title = serializers.CharField(max_length=120, required=False)
        course = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        minutes = serializers.IntegerField(min_value=0, max_value=600, required=False)

    @extend_schema(responses={200: MaterialOut}, summary="学习资料详情")
    def get(self, request, pk: int):
        return Response(MaterialOut(selectors.material_get(viewer=request.user, pk=pk)).data)

    @extend_schema(request=Input, responses={200: MaterialOut}, summary="修改学习资料")
    def put(self, request, pk: int):
        material = selectors.material_get(viewer=request.user, pk=pk, manage=True)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        material = materials.material_update(
            actor=request.user,
            material=material,
            title=v.get("title"),
            minutes=v.get("minutes"),
            course=_course(request, v["course"]) if "course" in v else ...,
        )
        return Response(MaterialOut(material).data)

    @extend_schema(responses={204: None, **errors(409)}, summary="删除学习资料")
    def delete(self, request, pk: int):
        material = selectors.material_get(viewer=request.user, pk=pk, manage=True)
        materials.material_delete(actor=request.user, material=material)
        return Response(status=204)


def _readable(request, pk: int) -> Material:
    """Staff and leaders: a material of their scope; a deputy: one of their region (or above)
    or one their own plan uses."""
    deputy = selectors.viewer_deputy(request.user)
    if deputy is None:
        return selectors.material_get(viewer=request.user, pk=pk)
    material = Material.objects.filter(pk=pk).first()
    if material is not None:
        q = selectors.region_q(request.user)
        if (
            Material.objects.filter(q, pk=pk).exists()
            or StudyAssignment.objects.filter(
                deputy=deputy, plan__items__material=material
            ).exists()
        ):
            return material
    raise Http404(selectors.NOT_FOUND)


class MaterialFileApi(DomainAPIView):
    perms = {"GET": "training.material"}

    @extend_schema(
        responses={200: download("application/octet-stream", "资料文件；视频支持 Range 分段"),
                   206: download("application/octet-stream", "视频的一段（Range）")},
        summary="学习资料文件",
    )  # fmt: skip
    def get(self, request, pk: int):
        material = _readable(request, pk)
        return ranged_response(
            request, material.file, content_type=material.content_type, filename=material.file_name
        )
