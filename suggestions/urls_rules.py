"""Issue 14: the rules page 建议办理规则 and its API (GET/PUT/DELETE /api/v1/suggestions/rules/
with ?region=<code>, default the viewer's region; GET .../rules/people/ for the leaders and
staff who may be named). The review stages' actions are rows of the transition table
(suggestions/api/actions/review_stages.py)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.pages import page, render_page
from congress.schema import errors
from suggestions import rules

REGION = OpenApiParameter("region", str, description="区划代码；省略时为本人所在区划")


class RulesRegionOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class RulesPersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()


class RulesStageOut(serializers.Serializer):
    order = serializers.IntegerField()
    name = serializers.CharField()
    reviewer = serializers.CharField()
    reviewer_display = serializers.CharField()
    reviewers = RulesPersonOut(many=True)


class RulesFieldOut(serializers.Serializer):
    name = serializers.CharField()
    group = serializers.CharField()
    label = serializers.CharField()
    help = serializers.CharField()
    kind = serializers.ChoiceField(choices=["int", "bool", "choice", "user"])
    min = serializers.IntegerField(allow_null=True)
    max = serializers.IntegerField(allow_null=True)
    default = serializers.JSONField(allow_null=True)
    choices = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class RulesOut(serializers.Serializer):
    region = RulesRegionOut()
    owner = RulesRegionOut(allow_null=True, help_text="其规则在本区划生效的区划；空为系统默认")
    own = serializers.BooleanField(help_text="本级已制定自己的规则")
    can_edit = serializers.BooleanField()
    values = serializers.DictField(child=serializers.JSONField(), help_text="各字段现行值")
    escalate_to = RulesPersonOut(allow_null=True)
    stages = RulesStageOut(many=True)
    updated_by = serializers.CharField()
    updated_at = serializers.DateTimeField(allow_null=True)
    fields = RulesFieldOut(many=True)
    reviewer_kinds = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField())
    )


class RulesStageIn(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    reviewer = serializers.ChoiceField(choices=["staff", "supervisor"])
    reviewers = serializers.ListField(child=serializers.IntegerField(), required=False)


class RulesIn(serializers.Serializer):
    """The policy's fields (rules.FIELDS) and its stages, in order; checked by rules.rules_save."""

    review_workdays = serializers.IntegerField()
    assign_workdays = serializers.IntegerField()
    session_assign_workdays = serializers.IntegerField()
    overdue_daily_to_unit = serializers.BooleanField()
    digest_weekday = serializers.IntegerField(min_value=0, max_value=7)
    escalate_after_days = serializers.IntegerField()
    escalate_to = serializers.IntegerField(allow_null=True)
    unrated_remind_days = serializers.IntegerField()
    unrated_after_days = serializers.IntegerField()
    unrated_outcome = serializers.ChoiceField(choices=["close", "keep_open"])
    attitude_unsatisfied = serializers.ChoiceField(choices=["rehandle", "record"])
    rehandle_months = serializers.IntegerField(min_value=1, max_value=3)
    stages = RulesStageIn(many=True)


class RulesPeopleOut(serializers.Serializer):
    class RulesPersonChoice(RulesPersonOut):
        region = serializers.CharField()
        role_display = serializers.CharField()

    people = RulesPersonChoice(many=True)


@page("suggestion.board")
def rules_page(request):
    return render_page(request, "suggestions/Rules", title=_("建议办理规则"))


class RulesApi(DomainAPIView):
    perms = {"GET": "suggestion.board", "PUT": "suggestion.enter", "DELETE": "suggestion.enter"}

    def _region(self, request):
        return rules.rules_region(request.user, params.query_code(request, "region"))

    @extend_schema(parameters=[REGION], responses={200: RulesOut, **errors(404)},
                   summary="建议办理规则（本级或继承上级，含审查环节）")  # fmt: skip
    def get(self, request):
        region = self._region(request)
        return Response(rules.rules_view(request.user, region))

    @extend_schema(parameters=[REGION], request=RulesIn, responses={200: RulesOut, **errors(400, 403, 404)},
                   summary="制定或修改本级建议办理规则")  # fmt: skip
    def put(self, request):
        region = self._region(request)
        rules.rules_save(actor=request.user, region=region, data=request.data)
        return Response(rules.rules_view(request.user, region))

    @extend_schema(parameters=[REGION], responses={200: RulesOut, **errors(403, 404, 409)},
                   summary="恢复为继承上级规则（删除本级规则）")  # fmt: skip
    def delete(self, request):
        region = self._region(request)
        rules.rules_inherit(actor=request.user, region=region)
        return Response(rules.rules_view(request.user, region))


class RulesPeopleApi(DomainAPIView):
    perms = {"GET": "suggestion.board"}

    @extend_schema(parameters=[REGION], responses={200: RulesPeopleOut, **errors(404)},
                   summary="可指定的督办领导和审查人（本级及上级）")  # fmt: skip
    def get(self, request):
        region = rules.rules_region(request.user, params.query_code(request, "region"))
        return Response({"people": rules.people(region)})


urlpatterns = [
    path("suggestions/rules/", rules_page, name="rules"),
    path("api/v1/suggestions/rules/", RulesApi.as_view(), name="api-rules"),
    path("api/v1/suggestions/rules/people/", RulesPeopleApi.as_view(), name="api-rules-people"),
]
