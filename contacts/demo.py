"""Demo contacts: in each demo county a leader of the county government (dongkou_official,
linwu_official, ningxiang_official: 国家机关领导干部 bound to 洞口县人民政府 and the like) and a
department head contact county deputies (target 2, 宁乡's rule), standing-committee members
contact deputies (委员联系代表), a committee leader answers for three townships (分片联系,
target 4); a year of contacts with the issues raised, some turned into citizens' opinions, some
answered and fed back, some relations behind target. Written through the services; idempotent."""

import contextlib
import datetime as dt
import random

from django.utils import timezone

from congress.demo import DEMO_COUNTIES, DEMO_PASSWORD, demo_user
from congress.errors import ApplicationError
from congress.models import HandlingUnit, Region, Role, User
from contacts.models import ContactRelation, Issue, Kind, Way
from contacts.services import issues as issue_services
from contacts.services.contacts import contact_log
from contacts.services.relations import relation_create
from representatives.models import Mandate

OFFICIALS = {
    "430525": ("dongkou_official", "邓国强", "副县长"),
    "431025": ("linwu_official", "曹丽华", "副县长"),
    "430182": ("ningxiang_official", "彭志勇", "副市长"),
}
SUBJECTS = [
    "走访了解代表所在村的农村公路养护情况",
    "座谈听取代表对县城学校“大班额”化解的意见",
    "电话沟通代表提出的农产品销售渠道问题",
    "网络联系代表，通报上半年民生实事项目进展",
    "走访代表所在企业，了解用工和融资困难",
    "座谈听取代表对医共体建设和村卫生室的意见",
]
ISSUES = [
    "村里到镇上的公路有三处塌方，雨天通行不安全",
    "集镇农贸市场排水不畅，下雨积水严重",
    "部分村卫生室缺少常用药，群众反映看病不方便",
    "希望县里出台政策支持农产品冷链仓储",
    "学校门口上下学时段交通拥堵，缺少交警疏导",
]


def _staff(code: str) -> User | None:
    return User.objects.filter(region_id=code, role=Role.STAFF).order_by("pk").first()


def _deputies(code: str) -> list:
    mandates = Mandate.objects.filter(congress__region_id=code, status="serving")
    return list(mandates.select_related("deputy").order_by("-deputy__user_id", "deputy_id")[:40])


def _official(code: str, county: str, username: str, name: str) -> User:
    unit, _ = HandlingUnit.objects.get_or_create(
        region_id=code, name=f"{county}人民政府", defaults={"kind": HandlingUnit.Kind.GOVERNMENT}
    )
    return demo_user(username, name=name, role=Role.OFFICIAL, handling_unit=unit)


def _contacts(staff, relation, rng, today, count):
    for n in range(count):
        month = min(today.month, 1 + (n * 12 // max(count, 1)) + rng.randint(0, 1))
        day = dt.date(today.year, month, rng.randint(1, 28))
        day = min(day, today)
        raised = [rng.choice(ISSUES)] if rng.random() < 0.5 else []
        actor = staff if relation.kind == Kind.TOWNSHIP else _actor(relation) or staff
        contact = contact_log(actor=actor, relation=relation, occurred_on=day,
                              way=rng.choice(Way.values), subject=rng.choice(SUBJECTS),
                              issues=raised)  # fmt: skip
        for issue in contact.issues.all():
            _follow(staff, issue, rng)


def _actor(relation: ContactRelation) -> User | None:
    user_id = relation.contactor_user_id()
    return User.objects.filter(pk=user_id).first() if user_id else None


def _follow(staff: User, issue: Issue, rng: random.Random) -> None:
    roll = rng.random()
    if roll < 0.2:
        return
    if roll < 0.35:
        # A county without a station keeps the issue open.
        with contextlib.suppress(ApplicationError):
            issue_services.issue_to_opinion(actor=staff, issue=issue)
        return
    if roll < 0.45 and issue.contact.relation.kind == Kind.OFFICIAL:
        # The official's body takes it as a work task (worktasks, when installed).
        with contextlib.suppress(ApplicationError):
            issue_services.issue_to_task(actor=staff, issue=issue)
        return
    issue = issue_services.issue_answer(
        actor=staff, issue=issue, result="已转相关部门办理，计划年内完成整改。"
    )
    if roll > 0.6:
        issue_services.issue_feed_back(
            actor=staff, issue=issue, feedback="已电话告知代表办理结果，代表表示满意。"
        )


def seed_county(code: str, county: str, rng: random.Random) -> int:
    from ballots.models import CommitteeMember  # noqa: PLC0415 - ballots owns the members

    staff = _staff(code)
    if staff is None or ContactRelation.objects.filter(region__code__startswith=code).exists():
        return 0
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    username, name, _post = OFFICIALS[code]
    official = _official(code, county, username, name)
    deputies = [m.deputy for m in _deputies(code)]
    if len(deputies) < 12:
        return 0
    made = []
    for deputy in deputies[:4]:
        made.append(relation_create(actor=staff, kind=Kind.OFFICIAL, contactor_id=official.pk,
                                    deputy_id=deputy.pk, yearly_target=2, starts_on=start))  # fmt: skip
    members = CommitteeMember.objects.filter(
        is_active=True, term__congress__region_id=code
    ).order_by("pk")[:3]
    for i, member in enumerate(members):
        for deputy in deputies[4 + 3 * i : 7 + 3 * i]:
            if deputy.pk != member.deputy_id:
                made.append(relation_create(actor=staff, kind=Kind.MEMBER, member_id=member.pk,
                                            deputy_id=deputy.pk, yearly_target=2,
                                            starts_on=start))  # fmt: skip
    leader = User.objects.filter(region_id=code, role=Role.SUPERVISOR).first() or staff
    townships = Region.objects.filter(parent_id=code).order_by("code")[:3]
    for township in townships:
        made.append(relation_create(actor=staff, kind=Kind.TOWNSHIP, contactor_id=leader.pk,
                                    township=township.code, yearly_target=4,
                                    starts_on=start))  # fmt: skip
    for relation in made:
        # Most reach their target; about one in four stays behind (the list staff follow up).
        count = relation.yearly_target + rng.choice([0, 0, 1]) if rng.random() > 0.25 else 1
        _contacts(staff, relation, rng, today, count)
    return len(made)


def seed(stdout=None) -> list:
    done = 0
    for code, county in DEMO_COUNTIES.items():
        done += seed_county(code, county, random.Random(int(code) + 13))
    if stdout:
        stdout.write(f"  contacts: {done} relations, {ContactRelation.objects.count()} in all")
    # One row per role in the account list: 洞口县's; linwu_official and ningxiang_official
    # log in the same way.
    username, _name, post = OFFICIALS["430525"]
    if not User.objects.filter(username=username).exists():
        return []
    return [("国家机关领导干部", username, DEMO_PASSWORD, f"洞口县人民政府（{post}）")]
