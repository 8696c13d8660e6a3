"""Courses and their sessions (staff), with materials and online items in the detail."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.pagination import Pagination
from congress.schema import errors, paginated
from congress.scope import region_filter_or_404
from meetings.figures import CAME
from meetings.models import Event
from training import selectors
from training.api.common import AUDIENCE_CHOICES, CourseOut, ItemIn, MaterialOut, StudyItemOut
from training.models import Course, CourseSession, StudyItem
from training.services import courses, items, sessions

YEAR = {"min_value": 2000, "max_value": 2100}


class CourseIn(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    year = serializers.IntegerField(**YEAR)
    kind = serializers.ChoiceField(
        choices=Course.Kind.choices, error_messages={"invalid_choice": _("请选择培训类别。")}
    )
    mode = serializers.ChoiceField(
        choices=Course.Mode.choices, error_messages={"invalid_choice": _("请选择培训方式。")}
    )
    audience = serializers.ChoiceField(
        choices=AUDIENCE_CHOICES,
        default="deputies",
        error_messages={"invalid_choice": _("请选择培训对象。")},
    )
    hours = serializers.IntegerField(min_value=1, max_value=60)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    region = serializers.CharField(max_length=12, required=False, allow_blank=True)


class CourseSessionOut(serializers.ModelSerializer):
    class EventOut(serializers.ModelSerializer):
        status = serializers.CharField(help_text="meetings 的活动状态")
        status_display = serializers.CharField(source="get_status_display")

        class Meta:
            model = Event
            fields = ["id", "title", "starts_at", "ends_at", "place", "online", "status",
                      "status_display"]  # fmt: skip

    event = EventOut()
    lecturer = serializers.IntegerField(source="lecturer_id", allow_null=True)
    lecturer_display = serializers.CharField()
    attended = serializers.IntegerField(default=0, help_text="出席或迟到的人数")
    invited = serializers.IntegerField(default=0)

    class Meta:
        model = CourseSession
        fields = ["id", "course", "event", "hours", "topic", "lecturer", "lecturer_name",
                  "lecturer_display", "attended", "invited"]  # fmt: skip


class CourseDetailOut(CourseOut):
    materials = MaterialOut(many=True)
    items = serializers.SerializerMethodField()
    sessions = serializers.SerializerMethodField()

    class Meta(CourseOut.Meta):
        fields = [*CourseOut.Meta.fields, "materials", "items", "sessions"]

    @extend_schema_field(StudyItemOut(many=True))
    def get_items(self, obj):
        return StudyItemOut(self.context["items"], many=True).data

    @extend_schema_field(CourseSessionOut(many=True))
    def get_sessions(self, obj):
        return CourseSessionOut(self.context["sessions"], many=True).data


def _detail(course: Course) -> dict:
    came = Q(event__invitations__attendance__in=CAME)
    context = {
        "items": StudyItem.objects.filter(course=course)
        .select_related("material", "material__region")
        .prefetch_related("questions")
        .order_by("order"),
        "sessions": CourseSession.objects.filter(course=course)
        .select_related("event", "lecturer")
        .annotate(
            attended=Count("event__invitations", filter=came),
            invited=Count("event__invitations"),
        )
        .order_by("event__starts_at", "id"),
    }
    course = (
        Course.objects.select_related("region")
        .prefetch_related("materials__region")
        .get(pk=course.pk)
    )
    return CourseDetailOut(course, context=context).data


class CourseListApi(DomainAPIView):
    perms = {"GET": "training.view", "POST": "training.manage"}

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int),
            OpenApiParameter("region", str),
            OpenApiParameter("mode", str, enum=Course.Mode.values),
            OpenApiParameter("kind", str, enum=Course.Kind.values),
            OpenApiParameter("audience", str, enum=[c for c, _l in AUDIENCE_CHOICES]),
            OpenApiParameter("status", str, enum=Course.Status.values),
        ],
        responses={200: paginated(CourseOut)},
        summary="培训课程列表",
    )
    def get(self, request):
        region = params.query_code(request, "region")
        qs = selectors.course_list(
            viewer=request.user,
            year=params.query_year(request),
            region=region_filter_or_404(request.user, region) if region else "",
            mode=params.query_choice(request, "mode", Course.Mode.values),
            kind=params.query_choice(request, "kind", Course.Kind.values),
            audience=params.query_choice(request, "audience", [c for c, _l in AUDIENCE_CHOICES]),
            status=params.query_choice(request, "status", Course.Status.values),
        )
        return self.paginate(qs, CourseOut)

    @extend_schema(request=CourseIn, responses={201: CourseDetailOut}, summary="新建培训课程")
    def post(self, request):
        data = CourseIn(data=request.data)
        data.is_valid(raise_exception=True)
        course = courses.course_create(actor=request.user, **data.validated_data)
        return Response(_detail(course), status=201)


class CourseDetailApi(DomainAPIView):
    perms = {"GET": "training.view", "PUT": "training.manage"}

    class Input(CourseIn):
        title = serializers.CharField(max_length=120, required=False)
        year = serializers.IntegerField(required=False, **YEAR)
        kind = serializers.ChoiceField(choices=Course.Kind.choices, required=False)
        mode = serializers.ChoiceField(choices=Course.Mode.choices, required=False)
        audience = serializers.ChoiceField(choices=AUDIENCE_CHOICES, required=False)
        hours = serializers.IntegerField(min_value=1, max_value=60, required=False)
        region = None

    @extend_schema(responses={200: CourseDetailOut}, summary="培训课程详情")
    def get(self, request, pk: int):
        return Response(_detail(selectors.course_get(viewer=request.user, pk=pk)))

    @extend_schema(
        request=Input, responses={200: CourseDetailOut, **errors(409)}, summary="修改培训课程"
    )
    def put(self, request, pk: int):
        course = selectors.course_get(viewer=request.user, pk=pk, manage=True)
        data = self.Input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        course = courses.course_update(actor=request.user, course=course, **data.validated_data)
        return Response(_detail(course))


class CourseCancelApi(DomainAPIView):
    perms = {"POST": "training.manage"}

    @extend_schema(
        request=None, responses={200: CourseDetailOut, **errors(409)}, summary="取消培训课程"
    )
    def post(self, request, pk: int):
        course = selectors.course_get(viewer=request.user, pk=pk, manage=True)
        return Response(_detail(courses.course_cancel(actor=request.user, course=course)))


class CourseItemsApi(DomainAPIView):
    perms = {"POST": "training.manage"}

    @extend_schema(
        request=ItemIn,
        responses={201: StudyItemOut, **errors(409)},
        summary="为线上课程添加学习内容",
    )
    def post(self, request, pk: int):
        course = selectors.course_get(viewer=request.user, pk=pk, manage=True)
        data = ItemIn(data=request.data)
        data.is_valid(raise_exception=True)
        item = items.item_add(actor=request.user, course=course, **data.service_data())
        return Response(StudyItemOut(item).data, status=201)


class SessionIn(serializers.Serializer):
    hours = serializers.IntegerField(min_value=1, max_value=60)
    event = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    online = serializers.BooleanField(required=False, default=False)
    lecturer = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    lecturer_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    topic = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CourseSessionsApi(DomainAPIView):
    perms = {"POST": "training.manage"}

    @extend_schema(
        request=SessionIn,
        responses={201: CourseSessionOut, **errors(409)},
        summary="添加培训场次（已有培训活动，或新建）",
    )
    def post(self, request, pk: int):
        course = selectors.course_get(viewer=request.user, pk=pk, manage=True)
        data = SessionIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        session = sessions.session_create(
            actor=request.user,
            course=course,
            hours=v["hours"],
            event_id=v.get("event"),
            title=v.get("title", ""),
            starts_at=v.get("starts_at"),
            ends_at=v.get("ends_at"),
            place=v.get("place", ""),
            online=v.get("online", False),
            lecturer_id=v.get("lecturer"),
            lecturer_name=v.get("lecturer_name", ""),
            topic=v.get("topic", ""),
        )
        return Response(CourseSessionOut(session).data, status=201)


class SessionDetailApi(DomainAPIView):
    perms = {"PUT": "training.manage", "DELETE": "training.manage"}

    class Input(serializers.Serializer):
        hours = serializers.IntegerField(min_value=1, max_value=60, required=False)
        lecturer = serializers.IntegerField(min_value=1, required=False, allow_null=True)
        lecturer_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
        topic = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def _session(self, request, pk: int) -> CourseSession:
        session = CourseSession.objects.select_related("course").filter(pk=pk).first()
        if session is not None:
            selectors.course_get(viewer=request.user, pk=session.course_id, manage=True)
            return session
        raise Http404(selectors.NOT_FOUND)

    @extend_schema(
        request=Input, responses={200: CourseSessionOut, **errors(409)}, summary="修改培训场次"
    )
    def put(self, request, pk: int):
        session = self._session(request, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        session = sessions.session_update(
            actor=request.user,
            session=session,
            hours=v.get("hours"),
            lecturer_id=v.get("lecturer", ...),
            lecturer_name=v.get("lecturer_name"),
            topic=v.get("topic"),
        )
        return Response(CourseSessionOut(session).data)

    @extend_schema(responses={204: None, **errors(409)}, summary="移除培训场次")
    def delete(self, request, pk: int):
        sessions.session_delete(actor=request.user, session=self._session(request, pk))
        return Response(status=204)


class CourseLearnerOut(serializers.Serializer):
    deputy = serializers.IntegerField()
    deputy_name = serializers.CharField()
    region_name = serializers.CharField()
    items_finished = serializers.IntegerField(help_text="线上课程：已学完的内容数")
    sessions_attended = serializers.IntegerField(help_text="线下课程：出席或迟到的场次数")
    hours = serializers.IntegerField(help_text="本课程计入的学时")
    finished = serializers.BooleanField()


class CourseLearnersApi(DomainAPIView):
    """Who took part in a course: an online course's learners with their progress, an offline
    course's attendees with the hours their sessions earned (the deputies of the viewer's
    subtree)."""

    perms = {"GET": "training.view"}

    @extend_schema(responses={200: paginated(CourseLearnerOut)}, summary="课程学员及学习情况")
    def get(self, request, pk: int):
        course = selectors.course_get(viewer=request.user, pk=pk)
        qs = selectors.course_learners(viewer=request.user, course=course)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        total = course.items.count()
        rows = [
            {
                "deputy": d.pk, "deputy_name": d.name, "region_name": d.region.name,
                "items_finished": d.items_finished, "sessions_attended": d.sessions_attended,
                "hours": d.session_hours if course.mode == Course.Mode.OFFLINE
                else (course.hours if total and d.items_finished >= total else 0),
                "finished": bool(total) and d.items_finished >= total
                if course.mode == Course.Mode.ONLINE else d.sessions_attended > 0,
            }
            for d in page
        ]  # fmt: skip
        return paginator.get_paginated_response(CourseLearnerOut(rows, many=True).data)
