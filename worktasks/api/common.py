"""Serializers the worktasks endpoints share."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from worktasks import selectors, workflow
from worktasks.models import Evidence, Finding, History, Report, Task, TaskList


class TaskRegionRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TaskEventRef(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class TaskListOut(serializers.ModelSerializer):
    region = TaskRegionRef()
    event = TaskEventRef(allow_null=True)
    source_display = serializers.CharField(source="get_source_display")
    status_display = serializers.CharField(source="get_status_display")
    task_count = serializers.IntegerField(default=0)
    closed_count = serializers.IntegerField(default=0)
    on_time_count = serializers.IntegerField(default=0)
    overdue_count = serializers.IntegerField(default=0)

    class Meta:
        model = TaskList
        fields = [
            "id", "region", "year", "title", "source", "source_display", "source_label",
            "source_text", "source_url", "event", "status", "status_display", "issued_at",
            "closed_at", "created_at", "task_count", "closed_count", "on_time_count",
            "overdue_count",
        ]  # fmt: skip


class TaskOwnerOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["region", "unit"])
    id = serializers.CharField(help_text="区划代码或承办单位编号")
    name = serializers.CharField()


def owner_of(task: Task) -> dict:
    if task.owner_unit_id:
        return {"kind": "unit", "id": str(task.owner_unit_id), "name": task.owner_name}
    return {"kind": "region", "id": task.owner_region_id, "name": task.owner_name}


class TaskOut(serializers.ModelSerializer):
    list_id = serializers.IntegerField(source="task_list_id")
    list_title = serializers.CharField(source="task_list.title")
    source_label = serializers.CharField(source="task_list.source_label")
    owner = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display")
    result_display = serializers.CharField(source="get_result_display")
    overdue = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id", "list_id", "list_title", "source_label", "number", "title", "description",
            "owner", "due", "status", "status_display", "result", "result_display",
            "result_note", "reported_at", "closed_at", "overdue", "days_left", "actions",
        ]  # fmt: skip

    @extend_schema_field(TaskOwnerOut)
    def get_owner(self, task) -> dict:
        return owner_of(task)

    def get_overdue(self, task) -> bool:
        return task.is_overdue(selectors.today())

    def get_days_left(self, task) -> int | None:
        if task.status in (Task.Status.CLOSED, Task.Status.REPORTED, Task.Status.DRAFT):
            return None
        return (task.due - selectors.today()).days

    def get_actions(self, task) -> list[str]:
        request = self.context.get("request")
        return workflow.task_allowed(task, request.user) if request else []


class TaskEvidenceOut(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "name", "size", "url"]

    def get_url(self, obj) -> str:
        return f"/api/v1/worktasks/evidence/{obj.pk}/"


class TaskReportOut(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    author = serializers.SerializerMethodField()
    files = TaskEvidenceOut(many=True)

    class Meta:
        model = Report
        fields = ["id", "kind", "kind_display", "text", "author", "created_at", "files"]

    def get_author(self, obj) -> str:
        return obj.created_by.display_name if obj.created_by else ""


class TaskHistoryOut(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    to_status_display = serializers.CharField(source="get_to_status_display")

    class Meta:
        model = History
        fields = ["id", "action", "label", "to_status", "to_status_display", "actor_name", "at",
                  "note"]  # fmt: skip

    def get_label(self, obj) -> str:
        row = workflow.TASK_TABLE.by_action.get(obj.action)
        return str(row.label) if row else obj.action


class TaskFindingOut(serializers.ModelSerializer):
    inspection_title = serializers.CharField(source="inspection.title")
    inspection_date = serializers.DateField(source="inspection.date")
    rating_display = serializers.CharField(source="get_rating_display")

    class Meta:
        model = Finding
        fields = ["id", "inspection", "inspection_title", "inspection_date", "rating",
                  "rating_display", "text"]  # fmt: skip


class TaskDetailOut(TaskOut):
    reports = TaskReportOut(many=True)
    history = TaskHistoryOut(many=True)
    findings = TaskFindingOut(many=True)

    class Meta(TaskOut.Meta):
        fields = [*TaskOut.Meta.fields, "reports", "history", "findings"]


class TaskListDetailOut(TaskListOut):
    tasks = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(TaskListOut.Meta):
        fields = [*TaskListOut.Meta.fields, "tasks", "actions"]

    @extend_schema_field(TaskOut(many=True))
    def get_tasks(self, obj):
        tasks = obj.tasks.select_related("task_list", "owner_region", "owner_unit").order_by(
            "number", "id"
        )
        return TaskOut(tasks, many=True, context=self.context).data

    def get_actions(self, obj) -> list[str]:
        request = self.context.get("request")
        return workflow.list_allowed(obj, request.user) if request else []
