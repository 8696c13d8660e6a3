"""A deputy's own: the supervision activities they take part in (我参加的监督活动)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from congress.api import DomainAPIView
from congress.schema import errors, paginated
from supervision import selectors
from supervision.api.common import ProjectRow


class MyProjectRow(ProjectRow):
    questions_asked = serializers.IntegerField(default=0)


class MyProjectListApi(DomainAPIView):
    perms = {"GET": "supervision.mine"}

    @extend_schema(parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
                   responses={200: paginated(MyProjectRow), **errors(400)},
                   summary="我参加的监督活动")  # fmt: skip
    def get(self, request):
        return self.paginate(selectors.my_projects(viewer=request.user), MyProjectRow)
