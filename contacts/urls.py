from django.urls import path

from contacts import views
from contacts.api import contacts, me, relations

app_name = "contacts"

api = "api/v1/contacts/"
issue = f"{api}issues/<int:pk>/"

urlpatterns = [
    # Pages (frontend/src/pages/contacts/)
    path("contacts/", views.relations, name="relations"),
    path("contacts/<int:pk>/", views.relation, name="relation"),
    path("me/contacts/", views.mine, name="mine"),
    # API
    path(f"{api}relations/", relations.RelationListApi.as_view(), name="api-relations"),
    path(f"{api}relations/summary/", relations.RelationSummaryApi.as_view(), name="api-summary"),
    path(f"{api}relations/export/", relations.RelationExportApi.as_view(), name="api-export"),
    path(f"{api}relations/options/", contacts.RelationOptionsApi.as_view(), name="api-options"),
    path(f"{api}relations/<int:pk>/", relations.RelationDetailApi.as_view(), name="api-relation"),
    path(f"{api}relations/<int:pk>/contacts/", contacts.ContactLogApi.as_view(), name="api-log"),
    path(f"{issue}to-opinion/", contacts.IssueToOpinionApi.as_view(), name="api-to-opinion"),
    path(f"{issue}to-suggestion/", contacts.IssueToSuggestionApi.as_view(),
         name="api-to-suggestion"),
    path(f"{issue}to-task/", contacts.IssueToTaskApi.as_view(), name="api-to-task"),
    path(f"{issue}answer/", contacts.IssueAnswerApi.as_view(), name="api-answer"),
    path(f"{issue}feed-back/", contacts.IssueFeedBackApi.as_view(), name="api-feed-back"),
    path(f"{issue}close/", contacts.IssueCloseApi.as_view(), name="api-close"),
    path("api/v1/me/contacts/", me.MyContactsApi.as_view(), name="api-mine"),
]  # fmt: skip
