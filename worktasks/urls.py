from django.urls import path

from worktasks import views
from worktasks.api import inspections, lists, tasks

app_name = "worktasks"
P = "api/v1/worktasks"

urlpatterns = [
    # Pages (frontend/src/pages/worktasks/)
    path("worktasks/", views.lists, name="lists"),
    path("worktasks/lists/<int:pk>/", views.list_detail, name="list"),
    path("worktasks/tasks/<int:pk>/", views.task_detail, name="task"),
    path("worktasks/inspections/", views.inspections, name="inspections"),
    path("me/tasks/", views.mine, name="mine"),
    # API
    path(f"{P}/lists/", lists.ListListApi.as_view(), name="api-lists"),
    path(f"{P}/lists/<int:pk>/", lists.ListDetailApi.as_view(), name="api-list"),
    path(f"{P}/lists/<int:pk>/issue/", lists.ListIssueApi.as_view(), name="api-list-issue"),
    path(f"{P}/lists/<int:pk>/close/", lists.ListCloseApi.as_view(), name="api-list-close"),
    path(f"{P}/lists/<int:pk>/tasks/", lists.ListTasksApi.as_view(), name="api-list-tasks"),
    path(f"{P}/lists/<int:pk>/owners/", lists.ListOwnersApi.as_view(), name="api-list-owners"),
    path(f"{P}/lists/<int:pk>/export/", lists.ListExportApi.as_view(), name="api-list-export"),
    path(f"{P}/tasks/", tasks.TaskListApi.as_view(), name="api-tasks"),
    path(f"{P}/tasks/<int:pk>/", tasks.TaskDetailApi.as_view(), name="api-task"),
    path(
        f"{P}/tasks/<int:pk>/progress/", tasks.TaskProgressApi.as_view(), name="api-task-progress"
    ),
    path(f"{P}/tasks/<int:pk>/report/", tasks.TaskReportApi.as_view(), name="api-task-report"),
    path(f"{P}/tasks/<int:pk>/accept/", tasks.TaskAcceptApi.as_view(), name="api-task-accept"),
    path(f"{P}/tasks/<int:pk>/return/", tasks.TaskReturnApi.as_view(), name="api-task-return"),
    path(
        f"{P}/tasks/<int:pk>/close-undone/",
        tasks.TaskCloseUndoneApi.as_view(),
        name="api-task-close-undone",
    ),
    path(f"{P}/evidence/<int:pk>/", tasks.EvidenceFileApi.as_view(), name="api-evidence"),
    path(f"{P}/inspections/", inspections.InspectionListApi.as_view(), name="api-inspections"),
    path(
        f"{P}/inspections/<int:pk>/",
        inspections.InspectionDetailApi.as_view(),
        name="api-inspection",
    ),
]
