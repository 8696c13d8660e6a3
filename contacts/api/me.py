"""The viewer's own: 我联系的 (an official's, a member's relations with this year's progress) and
联系我的 (contacts logged with a deputy), read on a phone."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from congress import params
from congress.api import DomainAPIView
from contacts import selectors
from contacts.api.common import ContactRecordOut, ContactRelationOut


class ContactOfMeOut(ContactRecordOut):
    contactor_name = serializers.CharField(source="relation.contactor_name")
    kind_display = serializers.CharField(source="relation.get_kind_display")


class ContactConstituentsOut(serializers.Serializer):
    visits = serializers.IntegerField()
    people_received = serializers.IntegerField()


class MyContactsOut(serializers.Serializer):
    year = serializers.IntegerField()
    constituents = ContactConstituentsOut(allow_null=True)
    relations = ContactRelationOut(many=True)
    of_me = ContactOfMeOut(many=True)


class MyContactsApi(DomainAPIView):
    perms = {"GET": "contact.mine"}

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses={200: MyContactsOut},
                   summary="我联系的与联系我的")  # fmt: skip
    def get(self, request):
        year = params.query_year(request, default=timezone.localdate().year)
        user = request.user
        return Response(MyContactsOut({
            "year": year,
            "relations": selectors.my_relations(viewer=user, year=year),
            "of_me": selectors.contacts_of_me(viewer=user, year=year),
            "constituents": selectors.constituents_of(viewer=user, year=year),
        }, context={"request": request}).data)  # fmt: skip
