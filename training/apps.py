from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Training and online learning: courses and their sessions, learning materials, the monthly
    study plan (一月两学), quizzes and each deputy's training hours."""

    name = "training"
    label = "training"
    verbose_name = _("培训与学习")
