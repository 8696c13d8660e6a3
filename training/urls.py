from django.urls import path

from training import views
from training.api import courses, figures, materials, me, plans

P = "api/v1/training"

urlpatterns = [
    # Pages (frontend/src/pages/training/)
    path("training/courses/", views.courses, name="training-courses"),
    path("training/courses/<int:pk>/", views.course_detail, name="training-course"),
    path("training/materials/", views.materials, name="training-materials"),
    path("training/plans/", views.plans, name="training-plans"),
    path("training/plans/<int:pk>/", views.plan_detail, name="training-plan"),
    path("training/figures/", views.figures, name="training-figures"),
    path("me/study/", views.my_study, name="training-my-study"),
    path("me/training/", views.my_training, name="training-my-training"),
    path("me/training/courses/<int:pk>/", views.my_course, name="training-my-course"),
    path(f"{P}/courses/", courses.CourseListApi.as_view(), name="api-training-courses"),
    path(f"{P}/courses/<int:pk>/", courses.CourseDetailApi.as_view(), name="api-training-course"),
    path(
        f"{P}/courses/<int:pk>/cancel/",
        courses.CourseCancelApi.as_view(),
        name="api-training-course-cancel",
    ),
    path(
        f"{P}/courses/<int:pk>/items/",
        courses.CourseItemsApi.as_view(),
        name="api-training-course-items",
    ),
    path(
        f"{P}/courses/<int:pk>/sessions/",
        courses.CourseSessionsApi.as_view(),
        name="api-training-course-sessions",
    ),
    path(
        f"{P}/courses/<int:pk>/learners/",
        courses.CourseLearnersApi.as_view(),
        name="api-training-course-learners",
    ),
    path(
        f"{P}/sessions/<int:pk>/", courses.SessionDetailApi.as_view(), name="api-training-session"
    ),
    path(f"{P}/materials/", materials.MaterialListApi.as_view(), name="api-training-materials"),
    path(
        f"{P}/materials/<int:pk>/",
        materials.MaterialDetailApi.as_view(),
        name="api-training-material",
    ),
    path(
        f"{P}/materials/<int:pk>/file/",
        materials.MaterialFileApi.as_view(),
        name="api-training-material-file",
    ),
    path(f"{P}/plans/", plans.PlanListApi.as_view(), name="api-training-plans"),
    path(f"{P}/plans/<int:pk>/", plans.PlanDetailApi.as_view(), name="api-training-plan"),
    path(
        f"{P}/plans/<int:pk>/items/", plans.PlanItemsApi.as_view(), name="api-training-plan-items"
    ),
    path(
        f"{P}/plans/<int:pk>/publish/",
        plans.PlanPublishApi.as_view(),
        name="api-training-plan-publish",
    ),
    path(
        f"{P}/plans/<int:pk>/withdraw/",
        plans.PlanWithdrawApi.as_view(),
        name="api-training-plan-withdraw",
    ),
    path(
        f"{P}/plans/<int:pk>/progress/",
        plans.PlanProgressApi.as_view(),
        name="api-training-plan-progress",
    ),
    path(f"{P}/items/<int:pk>/", plans.ItemDetailApi.as_view(), name="api-training-item"),
    path(f"{P}/coverage/", figures.CoverageApi.as_view(), name="api-training-coverage"),
    path(
        f"{P}/coverage/deputies/",
        figures.CoverageDeputiesApi.as_view(),
        name="api-training-coverage-deputies",
    ),
    path(f"{P}/study/", figures.StudyCompletionApi.as_view(), name="api-training-study"),
    path(
        f"{P}/study/deputies/",
        figures.StudyDeputiesApi.as_view(),
        name="api-training-study-deputies",
    ),
    path(f"{P}/standard/", figures.StandardApi.as_view(), name="api-training-standard"),
    # the deputy's own (phone pages)
    path("api/v1/me/study/", me.MyStudyApi.as_view(), name="api-me-study"),
    path("api/v1/me/study/items/<int:pk>/", me.MyStudyItemApi.as_view(), name="api-me-study-item"),
    path(
        "api/v1/me/study/items/<int:pk>/heartbeat/",
        me.MyHeartbeatApi.as_view(),
        name="api-me-study-heartbeat",
    ),
    path("api/v1/me/study/items/<int:pk>/quiz/", me.MyQuizApi.as_view(), name="api-me-study-quiz"),
    path(
        "api/v1/me/study/items/<int:pk>/finish/",
        me.MyFinishApi.as_view(),
        name="api-me-study-finish",
    ),
    path("api/v1/me/training/", me.MyTrainingApi.as_view(), name="api-me-training"),
    path("api/v1/me/training/courses/", me.MyCoursesApi.as_view(), name="api-me-courses"),
    path("api/v1/me/training/courses/<int:pk>/", me.MyCourseApi.as_view(), name="api-me-course"),
]
