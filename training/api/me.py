"""The deputy's own study (phone pages): this month's plan with its material to open, each
item's progress, heartbeats, the quiz and finishing; online courses; the year's hours."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.schema import errors
from training import figures, selectors
from training.api.common import CourseOut, MaterialOut, MonthOut, QuestionOut, query_month
from training.models import StudyAssignment, StudyItem, StudyProgress
from training.services import study
from training.services.study import BEAT_MAX_SECONDS


class StudyProgressOut(serializers.Serializer):
    seconds = serializers.IntegerField()
    attempts = serializers.IntegerField()
    best_score = serializers.IntegerField(allow_null=True)
    passed = serializers.BooleanField()
    finished = serializers.BooleanField()
    finished_at = serializers.DateTimeField(allow_null=True)


EMPTY_PROGRESS = {"seconds": 0, "attempts": 0, "best_score": None, "passed": False,
                  "finished": False, "finished_at": None}  # fmt: skip


def _progress(p: StudyProgress | None) -> dict:
    if p is None:
        return dict(EMPTY_PROGRESS)
    return {"seconds": p.seconds, "attempts": p.attempts, "best_score": p.best_score,
            "passed": p.passed, "finished": p.finished_at is not None,
            "finished_at": p.finished_at}  # fmt: skip


class MyItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    title = serializers.CharField()
    material = MaterialOut()
    min_minutes = serializers.IntegerField()
    hours = serializers.IntegerField()
    pass_mark = serializers.IntegerField()
    has_quiz = serializers.BooleanField()
    questions = QuestionOut(many=True)
    progress = StudyProgressOut()
    beat_seconds = serializers.IntegerField(help_text="心跳上报的最大秒数")


def _item(item: StudyItem, progress: StudyProgress | None) -> dict:
    """An item and the deputy's progress on it, for MyItemOut."""
    questions = list(item.questions.all())
    return {
        "id": item.pk,
        "order": item.order,
        "title": item.title,
        "material": item.material,
        "min_minutes": item.min_minutes,
        "hours": item.hours,
        "pass_mark": item.pass_mark,
        "has_quiz": bool(questions),
        "questions": questions,
        "progress": _progress(progress),
        "beat_seconds": BEAT_MAX_SECONDS,
    }


class MyStudyApi(DomainAPIView):
    perms = {"GET": "training.study"}

    class Output(serializers.Serializer):
        class PlanRef(serializers.Serializer):
            id = serializers.IntegerField()
            title = serializers.CharField()
            region_name = serializers.CharField()

        class MonthRow(serializers.Serializer):
            month = MonthOut()
            title = serializers.CharField()
            finished = serializers.BooleanField()

        month = MonthOut()
        plan = PlanRef(allow_null=True)
        finished = serializers.BooleanField()
        items = MyItemOut(many=True)
        history = MonthRow(many=True, help_text="最近12个月的学习计划完成情况")

    @extend_schema(
        parameters=[OpenApiParameter("month", str, description="2026-03，默认本月")],
        responses={200: Output},
        summary="我的学习计划（一月两学）",
    )
    def get(self, request):
        deputy = selectors.deputy_or_404(request.user)
        today = timezone.localdate()
        month = query_month(request) or today.replace(day=1)
        assignment = selectors.my_assignment(deputy=deputy, month=month)
        items = list(assignment.plan.items.all()) if assignment else []
        progress = selectors.my_progress(deputy=deputy, item_ids=[i.pk for i in items])
        history = (
            StudyAssignment.objects.filter(deputy=deputy)
            .select_related("plan")
            .order_by("-month")[:12]
        )
        return Response(
            self.Output(
                {
                    "month": month,
                    "plan": {"id": assignment.plan.pk, "title": assignment.plan.title,
                             "region_name": assignment.plan.region.name} if assignment else None,
                    "finished": bool(assignment and assignment.finished_at),
                    "items": [_item(i, progress.get(i.pk)) for i in items],
                    "history": [{"month": a.month, "title": a.plan.title,
                                 "finished": a.finished_at is not None} for a in history],
                }
            ).data
        )  # fmt: skip


class MyStudyItemApi(DomainAPIView):
    perms = {"GET": "training.study"}

    @extend_schema(responses={200: MyItemOut}, summary="学习内容（含测试题，不含答案）")
    def get(self, request, pk: int):
        deputy = selectors.deputy_or_404(request.user)
        item = selectors.my_item(deputy=deputy, pk=pk)
        progress = selectors.my_progress(deputy=deputy, item_ids=[pk]).get(pk)
        return Response(MyItemOut(_item(item, progress)).data)


class MyHeartbeatApi(DomainAPIView):
    perms = {"POST": "training.study"}

    class Input(serializers.Serializer):
        seconds = serializers.IntegerField(min_value=1, max_value=BEAT_MAX_SECONDS)

    @extend_schema(request=Input, responses={200: StudyProgressOut}, summary="上报学习时长（心跳）")
    def post(self, request, pk: int):
        deputy = selectors.deputy_or_404(request.user)
        item = selectors.my_item(deputy=deputy, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        progress = study.study_heartbeat(
            deputy=deputy, item=item, seconds=data.validated_data["seconds"]
        )
        return Response(StudyProgressOut(_progress(progress)).data)


class MyQuizApi(DomainAPIView):
    perms = {"POST": "training.study"}

    class Input(serializers.Serializer):
        answers = serializers.ListField(
            child=serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=5),
                                        max_length=6),
            max_length=20,
            help_text="每题所选选项的序号（从0起）",
        )  # fmt: skip

    class Output(serializers.Serializer):
        score = serializers.IntegerField()
        passed = serializers.BooleanField()
        pass_mark = serializers.IntegerField()
        progress = StudyProgressOut()

    @extend_schema(
        request=Input, responses={200: Output, **errors(409)}, summary="提交测试（服务器评分）"
    )
    def post(self, request, pk: int):
        deputy = selectors.deputy_or_404(request.user)
        item = selectors.my_item(deputy=deputy, pk=pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        attempt = study.quiz_submit(
            deputy=deputy, item=item, answers=data.validated_data["answers"]
        )
        progress = StudyProgress.objects.get(item=item, deputy=deputy)
        return Response(
            self.Output(
                {"score": attempt.score, "passed": attempt.passed, "pass_mark": item.pass_mark,
                 "progress": _progress(progress)}
            ).data
        )  # fmt: skip


class MyFinishApi(DomainAPIView):
    perms = {"POST": "training.study"}

    @extend_schema(
        request=None, responses={200: StudyProgressOut, **errors(409)}, summary="标记已学完"
    )
    def post(self, request, pk: int):
        deputy = selectors.deputy_or_404(request.user)
        item = selectors.my_item(deputy=deputy, pk=pk)
        return Response(
            StudyProgressOut(_progress(study.study_finish(deputy=deputy, item=item))).data
        )


class MyTrainingApi(DomainAPIView):
    perms = {"GET": "training.study"}

    class Output(serializers.Serializer):
        class Row(serializers.Serializer):
            date = serializers.DateField()
            title = serializers.CharField()
            hours = serializers.IntegerField()
            source = serializers.ChoiceField(choices=["session", "study", "archive"])

        year = serializers.IntegerField()
        hours = serializers.IntegerField()
        min_hours = serializers.IntegerField(help_text="本地区年度达标学时")
        covered = serializers.BooleanField()
        rows = Row(many=True)

    @extend_schema(
        parameters=[OpenApiParameter("year", int)], responses={200: Output}, summary="我的培训学时"
    )
    def get(self, request):
        deputy = selectors.deputy_or_404(request.user)
        year = params.query_year(request, default=timezone.localdate().year)
        rows = figures.hours_breakdown(deputy_id=deputy.pk, year=year)
        hours = sum(r["hours"] for r in rows)
        needed = figures.min_hours_for(deputy.region_id)
        return Response(
            self.Output(
                {"year": year, "hours": hours, "min_hours": needed, "covered": hours >= needed,
                 "rows": rows}
            ).data
        )  # fmt: skip


class MyCourseOut(CourseOut):
    items_total = serializers.IntegerField()
    items_finished = serializers.IntegerField()
    finished = serializers.BooleanField()

    class Meta(CourseOut.Meta):
        fields = [*CourseOut.Meta.fields, "items_total", "items_finished", "finished"]


def _my_courses(deputy, qs) -> list:
    qs = qs.annotate(
        items_total=Count("items", distinct=True),
        items_finished=Count(
            "items__progress",
            filter=Q(items__progress__deputy=deputy, items__progress__finished_at__isnull=False),
            distinct=True,
        ),
    )
    out = list(qs)
    for c in out:
        c.finished = bool(c.items_total) and c.items_finished >= c.items_total
    return out


class MyCoursesApi(DomainAPIView):
    perms = {"GET": "training.study"}

    @extend_schema(
        parameters=[OpenApiParameter("year", int)],
        responses={200: MyCourseOut(many=True)},
        summary="我可学习的线上课程",
    )
    def get(self, request):
        deputy = selectors.deputy_or_404(request.user)
        qs = selectors.my_courses(deputy=deputy, year=params.query_year(request))
        return Response(MyCourseOut(_my_courses(deputy, qs), many=True).data)


class MyCourseApi(DomainAPIView):
    perms = {"GET": "training.study"}

    class Output(MyCourseOut):
        items = serializers.SerializerMethodField()

        class Meta(MyCourseOut.Meta):
            fields = [*MyCourseOut.Meta.fields, "items"]

        @extend_schema_field(MyItemOut(many=True))
        def get_items(self, obj):
            return self.context["items"]

    @extend_schema(responses={200: Output}, summary="线上课程及我的学习进度")
    def get(self, request, pk: int):
        deputy = selectors.deputy_or_404(request.user)
        found = _my_courses(deputy, selectors.my_courses(deputy=deputy).filter(pk=pk))
        if not found:
            raise Http404(selectors.NOT_FOUND)
        items = list(
            StudyItem.objects.filter(course_id=pk)
            .select_related("material", "material__region")
            .prefetch_related("questions")
            .order_by("order")
        )
        progress = selectors.my_progress(deputy=deputy, item_ids=[i.pk for i in items])
        context = {
            "items": MyItemOut([_item(i, progress.get(i.pk)) for i in items], many=True).data
        }
        return Response(self.Output(found[0], context=context).data)
