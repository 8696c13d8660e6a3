"""What the register's forms and filters offer: the congresses in reach with their terms, the
dictionaries, and the deputy groups."""

from collections import defaultdict

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from congress.models import Congress, Term
from congress.schema import errors, paginated
from congress.scope import region_prefix
from representatives.labels import ethnic_label
from representatives.models import (
    ETHNIC_GROUPS,
    Affiliation,
    DeputyGroup,
    Education,
    Gender,
    Mandate,
    Occupation,
)
from representatives.selectors.register import congress_choices, group_list


class TermOption(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class CongressOption(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    region = serializers.CharField()
    terms = TermOption(many=True)


class ChoicePair(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()


class OptionsApi(DomainAPIView):
    """What the register's forms and filters offer: congresses in reach, their terms and groups."""

    perms = {"GET": "deputy.view"}

    class Output(serializers.Serializer):
        scope = serializers.CharField(
            allow_null=True, help_text="可见范围的区划代码；空串为全部，null 为无"
        )
        congresses = CongressOption(many=True)
        levels = ChoicePair(many=True)
        statuses = ChoicePair(many=True)
        genders = ChoicePair(many=True)
        affiliations = ChoicePair(many=True)
        educations = ChoicePair(many=True)
        occupations = ChoicePair(many=True)
        ethnicities = ChoicePair(many=True, help_text="value 为登记的民族名称，label 为当前语言")

    @extend_schema(
        responses={200: Output}, summary="代表名册的选项（人民代表大会、届次、代表小组、字典）"
    )
    def get(self, request):
        """The shape of Output, built as plain values: a province reaches some 2,000
        congresses, and the serializer's per-field pass over them and their terms cost 200-400
        ms of a 20 ms query. Term labels are worded once per number.
        Terms come newest first, as the model orders them."""
        congresses = congress_choices(viewer=request.user)
        terms = defaultdict(list)
        labels: dict[int, str] = {}
        for term in Term.objects.filter(congress__in=congresses.values("pk")).order_by(
            "congress_id", "-number"
        ):
            if term.number not in labels:
                labels[term.number] = term.label
            terms[term.congress_id].append(
                {
                    "id": term.pk,
                    "label": labels[term.number],
                    "start_date": term.start_date,
                    "end_date": term.end_date,
                }
            )
        return Response(
            {
                "scope": region_prefix(request.user),
                "congresses": [
                    {"id": pk, "name": name, "level": level, "region": region, "terms": terms[pk]}
                    for pk, name, level, region in congresses.values_list(
                        "pk", "name", "level", "region_id"
                    )
                ],
                "levels": _pairs(Congress.Level.choices),
                "statuses": _pairs(Mandate.Status.choices),
                "genders": _pairs(Gender.choices),
                "affiliations": _pairs(Affiliation.choices),
                "educations": _pairs(Education.choices),
                "occupations": _pairs(Occupation.choices),
                "ethnicities": [{"value": e, "label": ethnic_label(e)} for e in ETHNIC_GROUPS],
            }
        )


def _pairs(choices) -> list[dict]:
    return [{"value": v, "label": str(label)} for v, label in choices]


class GroupListApi(DomainAPIView):
    perms = {"GET": "deputy.view"}

    class Output(serializers.ModelSerializer):
        congress_name = serializers.CharField(source="congress.name")
        region_name = serializers.CharField(source="region.name")
        serving = serializers.IntegerField()

        class Meta:
            model = DeputyGroup
            fields = ["id", "name", "congress", "congress_name", "region", "region_name", "serving"]

    @extend_schema(
        parameters=[OpenApiParameter("congress", int)],
        responses={200: paginated(Output), **errors(400)},
        summary="代表小组",
    )
    def get(self, request):
        groups = group_list(viewer=request.user, congress_id=params.query_id(request, "congress"))
        return self.paginate(groups, self.Output)
