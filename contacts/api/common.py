"""Serializers every contacts API module shares."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contacts import workflow
from contacts.services.issues import task_service


class ContactRegionBrief(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ContactRelationOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    region = ContactRegionBrief()
    contactor_name = serializers.CharField()
    contactor_unit = serializers.SerializerMethodField()
    contacted_name = serializers.CharField()
    township = serializers.CharField(source="township_id", allow_null=True)
    deputy = serializers.IntegerField(source="deputy_id", allow_null=True)
    member = serializers.IntegerField(source="member_id", allow_null=True)
    contactor = serializers.IntegerField(source="contactor_id", allow_null=True)
    yearly_target = serializers.IntegerField()
    done = serializers.IntegerField(default=None, allow_null=True)
    behind = serializers.SerializerMethodField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    note = serializers.CharField()

    def get_contactor_unit(self, relation) -> str:
        user = relation.contactor
        if user is not None and user.handling_unit_id:
            return user.handling_unit.name
        return ""

    def get_behind(self, relation) -> bool:
        done = getattr(relation, "done", None)
        return done is not None and done < relation.yearly_target


class ContactIssueOut(serializers.Serializer):
    id = serializers.IntegerField()
    content = serializers.CharField()
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    target = serializers.CharField()
    target_display = serializers.CharField(source="get_target_display")
    target_id = serializers.IntegerField(allow_null=True)
    target_url = serializers.SerializerMethodField()
    result = serializers.CharField()
    result_at = serializers.DateTimeField(allow_null=True)
    feedback = serializers.CharField()
    fed_back_at = serializers.DateTimeField(allow_null=True)
    actions = serializers.SerializerMethodField()

    def get_target_url(self, issue) -> str:
        if issue.target == "opinion":
            return f"/opinions/?id={issue.target_id}"
        if issue.target == "suggestion":
            return f"/suggestions/{issue.target_id}/"
        if issue.target == "task":
            return f"/worktasks/tasks/{issue.target_id}/"
        return ""

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, issue):
        """What the viewer may do now (transition table actions)."""
        relation = self.context.get("relation") or issue.contact.relation
        actions = workflow.allowed(issue, relation, self.context["request"].user)
        if "to_task" in actions and task_service() is None:
            actions.remove("to_task")
        return actions


class ContactRecordOut(serializers.Serializer):
    id = serializers.IntegerField()
    relation = serializers.IntegerField(source="relation_id")
    occurred_on = serializers.DateField()
    way = serializers.CharField()
    way_display = serializers.CharField(source="get_way_display")
    subject = serializers.CharField()
    place = serializers.CharField()
    logged_by = serializers.CharField(source="logged_by.display_name", default="")
    created_at = serializers.DateTimeField()
    issues = ContactIssueOut(many=True)
