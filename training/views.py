"""Pages of training and online learning: each renders the shell with its compiled component
(frontend/src/pages/training/), which talks to /api/v1/training/ and /api/v1/me/. Staff keep the
courses, the learning library, the monthly study plans (一月两学) and read the coverage figures;
a deputy studies on the phone (我的学习), reads their training hours and opens online courses.
A course's sessions are meetings events: their pages are /meetings/<id>/."""

from django.http import Http404
from django.utils.translation import gettext as _

from congress.pages import page, render_page
from congress.permissions import has_perm
from training import selectors
from training.models import Audience, Course, Material

# Seconds between the study page's heartbeats (the server credits at most BEAT_MAX_SECONDS each).
BEAT_INTERVAL = 30


def _choices(choices) -> list[dict]:
    return [{"value": value, "label": str(label)} for value, label in choices]


def _options() -> dict:
    """The choices' labels in the request's language (the page's filters and forms)."""
    return {
        "kinds": _choices(Course.Kind.choices),
        "modes": _choices(Course.Mode.choices),
        "audiences": _choices(Audience.choices),
        "statuses": _choices(Course.Status.choices),
        "material_kinds": _choices(Material.Kind.choices),
    }


def _can(user) -> dict:
    return {
        "manage": has_perm(user, "training.manage"),
        "figures": has_perm(user, "training.figures"),
    }


@page("training.view")
def courses(request):
    return render_page(
        request,
        "training/Courses",
        title=_("培训课程"),
        props={"can": _can(request.user), "options": _options()},
    )


@page("training.view")
def course_detail(request, pk: int):
    course = selectors.course_get(viewer=request.user, pk=pk)
    return render_page(
        request,
        "training/CourseDetail",
        title=course.title,
        props={"pk": course.pk, "can": _can(request.user), "options": _options()},
    )


@page("training.view")
def materials(request):
    return render_page(
        request,
        "training/Materials",
        title=_("学习资料库"),
        props={"can": _can(request.user), "options": _options()},
    )


@page("training.view")
def plans(request):
    return render_page(
        request,
        "training/Plans",
        title=_("一月两学"),
        props={"can": _can(request.user), "options": _options()},
    )


@page("training.view")
def plan_detail(request, pk: int):
    plan = selectors.plan_get(viewer=request.user, pk=pk)
    return render_page(
        request,
        "training/PlanDetail",
        title=plan.title,
        props={"pk": plan.pk, "can": _can(request.user)},
    )


@page("training.figures")
def figures(request):
    return render_page(
        request,
        "training/Figures",
        title=_("培训覆盖率"),
        props={"can": _can(request.user), "options": _options()},
    )


@page("training.study")
def my_study(request):
    return render_page(
        request, "training/MyStudy", title=_("我的学习"), props={"interval": BEAT_INTERVAL}
    )


@page("training.study")
def my_training(request):
    return render_page(request, "training/MyTraining", title=_("我的培训学时"))


@page("training.study")
def my_course(request, pk: int):
    deputy = selectors.deputy_or_404(request.user)
    course = selectors.my_courses(deputy=deputy).filter(pk=pk).first()
    if course is None:
        raise Http404(selectors.NOT_FOUND)
    return render_page(
        request,
        "training/MyCourse",
        title=course.title,
        props={"pk": course.pk, "interval": BEAT_INTERVAL},
    )
