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
    Appointment,
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
from ballots.services.review import item_statement, review_create
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
from contacts.models import Contact, ContactRelation
from contacts.models import Issue as ContactIssue
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
from filings.models import ExpertInvitation, Filing
from filings.models import History as FilingHistory
from filings.models import Review as FilingReview
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
from supervision.models import Commitment as SupervisionCommitment
from supervision.models import Project as SupervisionProject
from supervision.models import Question, Rectification, Step
from supervision.models import Report as RectificationReport
from tests.conftest import DONGKOU, make_user
from tests.meetings.conftest import make_event
from tests.training.conftest import offline_course, plan_items, training_event, upload
from training.models import Course, CourseSession, Material, StudyItem, StudyPlan
from training.services import plans as training_plans
from worktasks.models import Finding, Inspection, Task, TaskList
from worktasks.models import History as TaskHistory
from worktasks.models import Report as TaskReport

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
    ContactRelation: ["note"],
    Contact: ["subject", "place"],
    ContactIssue: ["content", "result", "feedback"],
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
    BallotItem: ["title", "presenter", "statement"],
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
    # issue 13
    Appointment: ["post", "term_note", "note"],
    SupervisionProject: ["title", "description"],
    Step: ["actor_name", "note"],
    Rectification: ["opinions"],
    RectificationReport: ["text", "rating_note"],
    Question: ["asker_name", "question", "answerer_name", "answerer_post", "answer"],
    SupervisionCommitment: ["what", "evidence_note", "check_note"],
    Filing: ["title", "doc_number", "result_note", "correction_report"],
    FilingReview: ["reason", "basis_note", "conflict_note", "procedure_note", "opinion"],
    ExpertInvitation: ["question", "opinion"],
    FilingHistory: ["note"],
    TaskList: ["title", "source_label", "source_text"],
    Task: ["title", "description", "result_note"],
    TaskReport: ["text"],
    TaskHistory: ["actor_name", "note"],
    Inspection: ["title", "participants", "summary"],
    Finding: ["text"],
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
    contact_relation = _contacts(staff, town)
    issue13 = _issue13(staff, unit, congress, term, s, deputy, official, town)
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
        "contact_relation": contact_relation,
        **issue13,
    }


def _contacts(staff: User, town: Region) -> ContactRelation:
    """A 分片联系 relation of 洞口县's first township with a contact and an issue raised."""
    relation = ContactRelation.objects.create(
        kind="township", region=town, township=town, contactor=staff, note="备注",
        starts_on=date(2026, 1, 1),
    )  # fmt: skip
    contact = Contact.objects.create(relation=relation, occurred_on=date(2026, 3, 1),
                                     way="visit", subject="走访", place="镇政府")  # fmt: skip
    ContactIssue.objects.create(contact=contact, content="问题", result="结果", feedback="反馈")
    return relation


def _issue13(staff, unit, congress, term, s, deputy, official, town) -> dict:
    """Issue 13's free texts: a 集中评议 of the suggestion (a unit's report on it, a public
    token), an appointment of the official, a supervision project with its 审议意见, 整改 report
    and 专题询问, a filing under review with an outside expert's invitation, and a task list with
    a task, its report and a joint inspection's finding."""
    now = timezone.now()
    today = timezone.localdate()
    Suggestion.objects.filter(pk=s.pk).update(is_key=True)  # a 集中评议 takes key suggestions
    s.refresh_from_db()
    review = review_create(
        actor=staff, congress=congress, title="集中评议", year=today.year,
        opens_at=now - timedelta(minutes=5), closes_at=now + timedelta(hours=2),
        suggestions=[s], deputies=[deputy],
    )  # fmt: skip
    item_statement(actor=staff, item=review.items.get(), presenter="局长", statement="汇报")
    review = ballot_open(actor=staff, ballot=review)
    meeting = CommitteeMeeting.objects.get(term=term, number=1)
    appointment = Appointment.objects.create(
        region_id=DONGKOU, official=official, kind=Appointment.Kind.APPOINT, post="局长",
        decided_on=meeting.date, term=term, term_note="至本届任期届满", committee_meeting=meeting,
        note="备注", created_by=staff,
    )  # fmt: skip
    OfficialReport.objects.filter(official=official).update(appointment=appointment)

    project = SupervisionProject.objects.create(
        year=today.year, title="监督议题", region_id=DONGKOU, forms=["work_report", "inquiry"],
        unit=unit, committee="education", description="内容", status="rectifying",
        created_by=staff,
    )  # fmt: skip
    Step.objects.create(project=project, action="send", label="交办", actor=staff,
                        actor_name="尹建华", at=now, note="说明")  # fmt: skip
    rectification = Rectification.objects.create(
        project=project, unit=unit, opinions="审议意见", sent_at=now, sent_by=staff
    )
    RectificationReport.objects.create(
        rectification=rectification, due_date=today + timedelta(days=30), text="整改情况",
        rating_note="测评意见",
    )  # fmt: skip
    question = Question.objects.create(
        project=project, asker_kind="member", asker_name="委员", question="问题",
        answerer_name="局长", answerer_post="局长", answer="答复", asked_at=now,
    )  # fmt: skip
    SupervisionCommitment.objects.create(
        question=question, what="承诺", due_date=today + timedelta(days=60),
        evidence_note="情况", check_note="意见",
    )  # fmt: skip

    expert = make_user("poison_expert", role=Role.EXPERT, region=DONGKOU, name="法学专家")
    filing = Filing.objects.create(
        region_id=DONGKOU, unit=unit, title="规范性文件", doc_number="洞教发〔2026〕1号",
        status="under_review", published_on=today - timedelta(days=20),
        due_on=today + timedelta(days=10), filed_on=today - timedelta(days=5),
        result_note="审查意见", correction_report="纠正情况", created_by=staff,
    )  # fmt: skip
    review_ = FilingReview.objects.create(
        filing=filing, stage="filed", reason="原因", basis_note="依据", conflict_note="抵触",
        procedure_note="程序", opinion="结论", reviewer=staff,
    )  # fmt: skip
    invitation = ExpertInvitation.objects.create(
        review=review_, expert=expert, invited_by=staff, question="问题", opinion="意见"
    )
    FilingHistory.objects.create(filing=filing, action="register", label="登记", actor=staff,
                                 note="说明")  # fmt: skip

    task_list = TaskList.objects.create(
        region_id=DONGKOU, year=today.year, title="任务清单", source="document",
        source_label="洞人发〔2026〕1号", source_text="摘要", status="issued", created_by=staff,
        issued_at=now,
    )  # fmt: skip
    task = Task.objects.create(
        task_list=task_list, region_id=DONGKOU, title="任务", description="要求", owner_unit=unit,
        due=today + timedelta(days=30), status="in_progress", result_note="意见",
    )  # fmt: skip
    TaskReport.objects.create(task=task, kind="progress", text="进展", created_by=staff)
    TaskHistory.objects.create(task=task, action="issue", from_status="draft",
                               to_status="issued", actor=staff, actor_name="尹建华", at=now,
                               note="说明")  # fmt: skip
    inspection = Inspection.objects.create(
        region_id=DONGKOU, date=today, title="联合督查", participants="人员", summary="情况",
        created_by=staff,
    )  # fmt: skip
    inspection.regions.add(town)
    Finding.objects.create(inspection=inspection, task=task, rating="normal", text="发现")
    return {
        "review": review,
        "official": official,
        "supervision_project": project,
        "filing": filing,
        "invitation": invitation,
        "expert": expert,
        "task_list": task_list,
        "task": task,
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
