"""A world in which every user-editable text that a page shows holds a template payload.

Pages mount Vue on server-rendered HTML with [[ ]] delimiters, so user text rendered by Django
inside the mounted element would be compiled as a template and run. The payloads below would
show themselves as something else (or set window.__pwned) if they were ever compiled; shown
literally, they prove the text went in as text. The records are made in 洞口县 by county staff
(the attacker of issue 11) and opened by the province administrator and the others.
"""

from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.db import models
from django.utils import timezone

from ballots.models import (
    AppointedOfficial,
    Ballot,
    BallotItem,
    CommitteeMeeting,
    CommitteeMember,
    LivelihoodProject,
    OfficialReport,
    ProjectMilestone,
    ProjectReport,
)
from ballots.services.projects import project_propose, project_screen
from ballots.services.setup import ballot_create, ballot_open
from congress.models import (
    Congress,
    HandlingUnit,
    Notification,
    OutboxMessage,
    Region,
    Role,
    Session,
    Term,
    User,
)
from evaluation.models import (
    ArchiveEntry,
    Aspect,
    EvaluationRound,
    Indicator,
    IndicatorSystem,
    PointsRuleSet,
    Score,
    VoterReport,
)
from evaluation.performance import rule_sets as evaluation_rule_sets
from evaluation.township import rounds as evaluation_rounds
from evaluation.township import scoring as evaluation_scoring
from evaluation.township import systems as evaluation_systems
from evaluation.township.examples import ningxiang_system_fields
from liaison_stations.models import (
    CriterionCheck,
    DutyRule,
    DutyShift,
    LiaisonStation,
    Opinion,
    OpinionEvent,
    StandardCriterion,
    StationMembership,
    StationVisit,
)
from meetings.models import AgendaItem, Campaign, Event, Invitation
from meetings.services.invitations import invitations_add
from representatives.models import Deputy, DeputyGroup, Mandate
from suggestions.models import (
    Assignment,
    AssignmentMeeting,
    Commitment,
    ContactLog,
    ExtensionRequest,
    Handoff,
    History,
    Rating,
    RegionPolicy,
    Reply,
    ResultClass,
    Review,
    ReviewStage,
    Suggestion,
    SuggestionCategory,
)
from suggestions.services.assignment import assignment_sign, suggestion_assign
from suggestions.services.drafting import suggestion_create
from suggestions.services.handling import contact_log, extension_request
from suggestions.services.rating import rating_create
from suggestions.services.replies import reply_create
from suggestions.services.review import suggestion_review
from suggestions.services.submission import cosigner_confirm, suggestion_submit
from tests.conftest import DONGKOU, make_user
from tests.meetings.conftest import make_event
from tests.training.conftest import offline_course, plan_items, training_event, upload
from training.models import Course, CourseSession, Material, StudyItem, StudyPlan
from training.services import plans as training_plans

# Long enough to run arbitrary script if compiled; `{{7*7}}` is for any other template syntax.
PAYLOAD = '[[$emit.constructor("window.__pwned=1")()]]{{7*7}}'
SHORT = "[[7*7]]{{7*7}}"  # fields too short for PAYLOAD
TINY = "[[7*7]]"
MARKERS = ("__pwned", "[[7*7]]", "{{7*7}}")

# Every free-text field a user can write and some page shows (choices, codes, phones, ID numbers,
# tokens and machine keys are not free text). Each gets the longest payload that fits.
FIELDS = {
    User: ["name"],
    HandlingUnit: ["name", "contact_name"],
    Congress: ["name"],
    Deputy: ["name", "workplace", "post"],
    DeputyGroup: ["name"],
    Mandate: ["electoral_unit", "end_reason"],
    LiaisonStation: ["name", "address", "contact_name", "opening_rules"],
    StandardCriterion: ["title", "description"],
    CriterionCheck: ["evidence"],
    StationVisit: ["kind_other", "matters"],
    Opinion: [
        "title",
        "content",
        "citizen_name",
        "handler_reply",
        "public_answer",
        "internal_note",
    ],
    OpinionEvent: ["public_note"],
    SuggestionCategory: ["name"],
    ResultClass: ["label"],
    Suggestion: ["title", "body", "overseeing_committee"],
    Review: ["reason"],
    Assignment: ["opinion", "return_reason"],
    ExtensionRequest: ["reason", "decision_note"],
    ContactLog: ["summary"],
    Reply: ["body", "public_body"],
    Rating: ["comment"],
    Commitment: ["what", "note"],
    History: ["actor_name", "note"],
    ArchiveEntry: ["title", "detail", "evidence"],
    PointsRuleSet: ["name"],
    VoterReport: ["audience", "content"],
    IndicatorSystem: ["name", "description"],
    Aspect: ["name"],
    Indicator: ["name", "scoring_rule", "evidence_wanted"],
    EvaluationRound: ["name"],
    Score: ["reason", "evidence"],
    CommitteeMember: ["post"],
    AppointedOfficial: ["name", "post"],
    OfficialReport: ["title", "body"],
    LivelihoodProject: [
        "title",
        "description",
        "source_title",
        "feasibility_note",
        "screening_note",
    ],
    ProjectMilestone: ["title", "evidence"],
    ProjectReport: ["body"],
    Ballot: ["title"],
    BallotItem: ["title"],
    Notification: ["title", "body"],
    OutboxMessage: ["subject", "last_error"],  # a notification's title; an error may quote input
    Campaign: ["theme", "description"],
    Event: ["title", "description", "place"],
    AgendaItem: ["title", "notes"],
    Invitation: ["name", "organisation", "answer_reason", "leave_note"],
    Course: ["title", "description"],
    CourseSession: ["lecturer_name", "topic"],
    Material: ["title"],
    StudyPlan: ["title"],
    StudyItem: ["title"],
    # issue 14
    Handoff: ["reason", "decision_note"],
    AssignmentMeeting: ["title", "note"],
    ReviewStage: ["name"],
}


def payload_for(field: models.Field, suffix: str = "") -> str:
    for text in (PAYLOAD, SHORT, TINY):
        if field.max_length is None or len(text + suffix) <= field.max_length:
            return text + suffix
    raise AssertionError(f"{field} is too short for any payload")


def poison(instances_of=FIELDS) -> None:
    """Overwrite every listed field of every row (straight UPDATE: no service would refuse);
    a unique field gets the row's id after the payload."""
    for model, names in instances_of.items():
        assert model.objects.exists(), f"the poisoned world has no {model.__name__}"
        fields = [model._meta.get_field(name) for name in names]
        model.objects.update(**{f.name: payload_for(f) for f in fields if not f.unique})
        for pk in (
            model.objects.values_list("pk", flat=True) if any(f.unique for f in fields) else ()
        ):
            model.objects.filter(pk=pk).update(
                **{f.name: payload_for(f, str(pk)) for f in fields if f.unique}
            )


def _term(congress: Congress):
    term, _ = Term.objects.get_or_create(
        congress=congress,
        number=18,
        defaults={"start_date": date(2021, 9, 28), "end_date": date(2026, 12, 27)},
    )
    Session.objects.get_or_create(
        term=term, number=5, defaults={"start_date": date(2026, 1, 5), "end_date": date(2026, 1, 8)}
    )
    return term


def _deputy(name, term, group, n, user=None, region=DONGKOU) -> Deputy:
    deputy = Deputy.objects.create(
        name=name,
        gender="F",
        birth_date=date(1975, 1, 1),
        affiliation="cpc",
        education="bachelor",
        occupation="farmer",
        workplace="洞口县",
        post="村支书",
        phone=f"139{n:08d}",
        id_number=f"43052519750101{n:04d}",
        region_id=region,
        user=user,
    )
    Mandate.objects.create(
        deputy=deputy, congress=term.congress, term=term, start_date=term.start_date, group=group
    )
    return deputy


def build(*, admin: User, staff: User, unit_user: User) -> dict:
    """Records of every kind a page shows, made in 洞口县, then poisoned. Returns what the pages
    need: the users who open them and the records their addresses name."""
    # A transactional test flushes what the data migration put there.
    import_module("suggestions.migrations.0002_default_lists").forwards(apps, None)
    congress = Congress.objects.get(region_id=DONGKOU)
    term = _term(congress)
    session = term.sessions.get(number=5)
    group = DeputyGroup.objects.create(
        congress=congress, name="文昌街道代表小组", region_id=DONGKOU
    )
    deputy_user = make_user("poison_deputy", role=Role.DEPUTY, name="王秀英")
    deputy = _deputy("王秀英", term, group, 1, user=deputy_user)
    cosigner_user = make_user("poison_cosigner", role=Role.DEPUTY, name="刘建国")
    cosigner = _deputy("刘建国", term, group, 2, user=cosigner_user)
    ended = _deputy("陈旧", term, group, 3)
    Mandate.objects.filter(deputy=ended).update(
        status=Mandate.Status.RESIGNED, end_date=date(2024, 1, 1), end_reason="辞职"
    )
    unit = unit_user.handling_unit

    # Liaison station, its members, duty, visits and a citizen's opinion.
    town = Region.objects.filter(parent_id=DONGKOU).order_by("code").first()
    station = LiaisonStation.objects.create(
        region=town,
        name="文昌街道代表联络站",
        address="镇政府一楼",
        contact_name="张明",
        contact_phone="13807390001",
        opening_rules="逢六开放",
    )
    for d in (deputy, cosigner):
        StationMembership.objects.create(station=station, deputy=d, group=group)
    criterion = StandardCriterion.objects.create(
        category="build", title="有场所", description="说明"
    )
    CriterionCheck.objects.create(station=station, criterion=criterion, evidence="照片")
    rule = DutyRule.objects.create(station=station, group=group, kind="days_of_month", days=[6])
    today = timezone.localdate()
    DutyShift.objects.create(
        station=station,
        deputy=deputy,
        date=today + timedelta(days=2),
        start_time="09:00",
        end_time="12:00",
        rule=rule,
    )
    StationVisit.objects.create(
        deputy=deputy, station=station, date=today - timedelta(days=3), kind="other", matters="接待"
    )
    opinion = Opinion.objects.create(
        station=station,
        tracking_code="POISON01",
        source="station",
        title="路灯不亮",
        content="内容",
        citizen_name="李四",
        citizen_phone="13900001111",
        status="answered",
        received_at=timezone.now() - timedelta(days=5),
        answered_at=timezone.now() - timedelta(days=1),
        public_answer="已修好",
        handler_reply="已修",
        assigned_deputy=deputy,
    )
    OpinionEvent.objects.create(opinion=opinion, status="answered", public_note="已答复")

    # A suggestion brought through review, assignment, reply and rating by the real services.
    category = SuggestionCategory.objects.get(name="教育")
    s = suggestion_create(
        author=deputy_user,
        title="关于校舍的建议",
        body="正文",
        category_id=category.pk,
        session_id=session.pk,
        cosigner_ids=[cosigner.pk],
    )
    cosigner_confirm(suggestion=s, actor=cosigner_user)
    suggestion_submit(suggestion=s, actor=deputy_user)
    suggestion_review(suggestion=s, actor=staff, accept=True)
    suggestion_assign(suggestion=s, actor=staff, lead_unit_id=unit.pk)
    assignment_sign(suggestion=s, actor=unit_user)
    contact_log(
        suggestion=s, actor=unit_user, method="phone", contacted_on=today, summary="电话沟通"
    )
    extension_request(suggestion=s, actor=unit_user, months=1, reason="需要时间")
    reply_create(
        suggestion=s,
        actor=unit_user,
        result_class="B",
        body="答复",
        commitments=[{"what": "加固", "due_date": timezone.localdate() + timedelta(days=180)}],
    )
    rating_create(
        suggestion=s, actor=deputy_user, attitude="satisfied", result="satisfied", comment="好"
    )
    Review.objects.filter(suggestion=s).update(reason="理由")
    Suggestion.objects.filter(pk=s.pk).update(overseeing_committee="教科文卫委")
    Reply.objects.filter(suggestion=s).update(public_body="公开答复", published_at=timezone.now())

    # Performance archive, points, voter report, indicator system and an evaluation round.
    ArchiveEntry.objects.create(
        deputy=deputy,
        kind="inspection",
        occurred_on=today,
        title="视察",
        detail="细节",
        evidence="材料",
    )
    VoterReport.objects.create(
        deputy=deputy, reported_on=today, audience="选民", attendance=30, content="述职"
    )
    evaluation_rule_sets.points_rule_set_create(
        actor=staff,
        region=Region.objects.get(code=DONGKOU),
        year=today.year,
        name="积分办法",
        talk_threshold=Decimal("5"),
        rules=[{"kind": "inspection", "points": Decimal("3")}],
    )
    system = evaluation_systems.indicator_system_create(
        actor=staff, region=Region.objects.get(code=DONGKOU), **ningxiang_system_fields(today.year)
    )
    round_ = evaluation_rounds.round_open(
        actor=staff, system=system, name="评价", target_codes=[town.code], evaluator_ids=[staff.pk]
    )
    indicator = Indicator.objects.filter(aspect__system=system, method="manual").first()
    target = round_.targets.get()
    evaluation_scoring.score_submit(
        actor=staff, target=target, indicator=indicator, stage="review", value=Decimal("1"),
        reason="理由", evidence="会议通知",
    )  # fmt: skip

    # Ballots: a unit rating, an appointed official's report, livelihood projects.
    CommitteeMember.objects.create(term=term, deputy=cosigner, post="委员")
    CommitteeMeeting.objects.create(term=term, number=1, date=today)
    official = AppointedOfficial.objects.create(region_id=DONGKOU, name="赵局长", post="局长")
    OfficialReport.objects.create(official=official, year=today.year, title="述职报告", body="正文")
    now = timezone.now()
    ballot = ballot_create(
        actor=staff,
        congress=congress,
        kind=Ballot.Kind.UNIT_RATING,
        title="测评",
        year=today.year,
        opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(hours=2),
        session=session,
        anonymous=True,
        items=[{"handling_unit": unit}],
    )
    ballot_open(actor=staff, ballot=ballot)
    project = project_propose(
        actor=staff,
        congress=congress,
        year=today.year,
        title="民生项目",
        source_kind=LivelihoodProject.SourceKind.OPINION,
        source_id=opinion.pk,
        source_title="群众意见",
    )
    project_screen(actor=staff, project=project, feasibility="feasible", decision="shortlisted")
    LivelihoodProject.objects.filter(pk=project.pk).update(
        description="说明", feasibility_note="可行"
    )
    ProjectMilestone.objects.create(project=project, title="开工", due_date=today, evidence="照片")
    ProjectReport.objects.create(project=project, kind="progress", body="进展", submitted_by=staff)

    Notification.objects.create(recipient=admin, title="通知", body="正文", link="/")
    OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.EMAIL,
        recipient="admin@example.org",
        subject="通知",
        user=admin,
        region_id=DONGKOU,
        status=OutboxMessage.Status.FAILED,
        attempts=8,
        last_error="SMTPRecipientsRefused",
    )
    meeting, campaign, course, plan, online = _meetings_and_training(staff, deputy)
    assignment_meeting = _issue14(staff, s)
    poison()
    return {
        "meeting": meeting,
        "campaign": campaign,
        "course": course,
        "plan": plan,
        "online_course": online,
        "deputy": deputy,
        "deputy_user": deputy_user,
        "station": station,
        "opinion": opinion,
        "suggestion": s,
        "round": round_,
        "ballot": ballot,
        "project": project,
        "unit_user": unit_user,
        "staff": staff,
        "admin": admin,
        "assignment_meeting": assignment_meeting,
    }


def _issue14(staff: User, s: Suggestion) -> AssignmentMeeting:
    """Issue 14's free texts: a declined handoff of the suggestion, a 专会交办 meeting over its
    assignments, a review stage of 洞口县 (made last: stages change how it reviews)."""
    now = timezone.now()
    Handoff.objects.create(
        suggestion=s, from_region_id=DONGKOU, to_region_id=DONGKOU[:4], reason="理由",
        status=Handoff.Status.DECLINED, sent_by=staff, sent_at=now, decision_note="意见",
    )  # fmt: skip
    meeting = AssignmentMeeting.objects.create(
        region_id=DONGKOU, title="交办会", held_on=now.date(), note="说明",
        confirmed_by=staff, confirmed_at=now,
    )  # fmt: skip
    Assignment.objects.filter(suggestion=s).update(meeting=meeting)
    policy, _ = RegionPolicy.objects.get_or_create(region_id=DONGKOU)
    ReviewStage.objects.create(policy=policy, order=1, name="初审")
    return meeting


def _meetings_and_training(staff: User, deputy: Deputy):
    """A meeting the deputy is invited to (with an agenda item and a non-deputy invitee), a
    campaign, an offline course with a session and a published study plan."""
    region = Region.objects.get(pk=DONGKOU)
    campaign = Campaign.objects.create(
        theme="代表在行动", region=region, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    meeting = make_event(staff, region, campaign=campaign)
    AgendaItem.objects.create(event=meeting, order=1, title="审议报告", notes="说明")
    invitations_add(actor=staff, event=meeting, deputies=[deputy])
    Invitation.objects.create(
        event=meeting, role=Invitation.Role.OFFICIAL, name="钱副县长", organisation="县政府"
    )
    course = offline_course(staff)
    event = training_event(staff, region)
    CourseSession.objects.create(course=course, event=event, hours=3, lecturer_name="讲师")
    material = upload(staff)
    plan = training_plans.plan_publish(
        actor=staff,
        plan=training_plans.plan_create(
            actor=staff,
            month=date(2026, 12, 1),
            title="2026年12月一月两学",
            items=plan_items(material, material),
        ),
    )
    online = offline_course(staff, mode="online", title="线上专题课", hours=2)
    return meeting, campaign, course, plan, online
