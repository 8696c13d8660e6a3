from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktasksConfig(AppConfig):
    """Work tasks 任务清单 (一文一单三会): lists of tasks issued from a document or a meeting to lower
    congresses or offices, each with an owner, a deadline, progress reports with evidence and a
    result, and joint inspections (一督三联) recording findings per task."""

    name = "worktasks"
    label = "worktasks"
    verbose_name = _("工作任务清单")
