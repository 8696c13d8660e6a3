from django.contrib import admin

from training.models import (
    Course,
    CourseSession,
    CoverageStandard,
    Material,
    StudyAssignment,
    StudyItem,
    StudyPlan,
)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "year", "kind", "mode", "audience", "hours", "status"]
    list_filter = ["year", "kind", "mode", "audience", "status"]
    search_fields = ["title"]
    raw_id_fields = ["region", "created_by"]


@admin.register(CourseSession)
class CourseSessionAdmin(admin.ModelAdmin):
    list_display = ["course", "event", "hours", "lecturer", "lecturer_name"]
    raw_id_fields = ["course", "event", "lecturer"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "kind", "content_type", "size", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["region", "course", "uploaded_by"]


@admin.register(StudyPlan)
class StudyPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "region", "month", "published_at"]
    raw_id_fields = ["region", "created_by"]


@admin.register(StudyItem)
class StudyItemAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "course", "order", "hours", "min_minutes"]
    raw_id_fields = ["plan", "course", "material"]


@admin.register(StudyAssignment)
class StudyAssignmentAdmin(admin.ModelAdmin):
    list_display = ["deputy", "plan", "month", "finished_at"]
    raw_id_fields = ["plan", "deputy"]


@admin.register(CoverageStandard)
class CoverageStandardAdmin(admin.ModelAdmin):
    list_display = ["region", "min_hours"]
    raw_id_fields = ["region"]
