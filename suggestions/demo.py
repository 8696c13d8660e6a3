"""Demo suggestions: a term's worth in each demo county (洞口县, 临武县, 宁乡市), spread across
every status, some overdue, some key, with replies, ratings and commitments; work waiting for
each demo account; and one reminder sweep at the end so the notification centre has content.
Written with bulk inserts (a few thousand rows per county); idempotent per county."""

import importlib
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from congress import audit
from congress.models import AuditLog, Congress, HandlingUnit, Region, Role, Term, User
from representatives.models import Deputy, Mandate
from suggestions import reminders
from suggestions.models import (
    Assignment,
    Commitment,
    ContactLog,
    CoSigner,
    ExtensionRequest,
    History,
    Rating,
    Reply,
    ResultClass,
    Review,
    Suggestion,
    SuggestionCategory,
)
from suggestions.models import Status as S
from suggestions.selectors import public_text_proposal
from suggestions.services.assignment import assignment_deadlines
from suggestions.services.rating import REHANDLE_MONTHS
from suggestions.workdays import Calendar

CST = ZoneInfo("Asia/Shanghai")
COUNTIES = {"430525": "洞口县", "431025": "临武县", "430182": "宁乡市"}
PER_YEAR = 60

# category: [(title pattern, body pattern, unit suffix)]
TOPICS = {
    "教育": [
        ("关于改善{town}中心小学办学条件的建议", "{town}中心小学教学楼建于上世纪八十年代，部分墙体开裂，"
         "学生宿舍不足，村民{name}等家长多次反映孩子住宿拥挤。建议将该校列入校舍改造计划，增建学生宿舍。", "教育局"),
        ("关于加强农村学校教师队伍建设的建议", "{town}各村小教师老龄化严重，音体美教师缺乏。建议完善农村教师"
         "补贴政策，落实周转房，定向培养本地教师。", "教育局"),
        ("关于解决{town}学生上学交通安全问题的建议", "{town}部分学生上学需步行五公里以上，沿途无安全设施，"
         "建议开通学生专线车并在学校门口设置减速带。", "教育局"),
    ],
    "城乡建设": [
        ("关于加快{town}集镇污水管网建设的建议", "{town}集镇生活污水直排河道，夏季异味明显。建议加快集镇"
         "污水管网和处理设施建设，实行雨污分流。", "住房和城乡建设局"),
        ("关于改造{town}老旧小区的建议", "{town}部分老旧小区供水管道老化、路面破损，无物业管理。"
         "建议纳入老旧小区改造计划。", "住房和城乡建设局"),
    ],
    "交通": [
        ("关于拓宽{town}至县城公路的建议", "{town}至县城公路路面狭窄、弯道多，货车通行频繁，事故多发。"
         "建议拓宽改造并完善安全防护设施。", "交通运输局"),
        ("关于增开{town}农村客运班线的建议", "{town}偏远村组群众出行难，现有班车每天仅两班。建议增开"
         "农村客运班线，推进城乡公交一体化。", "交通运输局"),
    ],
    "医疗卫生": [
        ("关于提升{town}卫生院服务能力的建议", "{town}卫生院缺少影像设备和专业医生，群众看病需到县城。"
         "建议配齐设备，推进县域医共体建设，安排县医院专家定期坐诊。", "卫生健康局"),
        ("关于完善村卫生室建设的建议", "{town}部分村卫生室房屋简陋，乡村医生待遇偏低、后继乏人。"
         "建议提高乡村医生补助，规范村卫生室建设。", "卫生健康局"),
    ],
    "农业农村": [
        ("关于加强{town}高标准农田建设的建议", "{town}部分农田水利设施年久失修，灌溉困难。建议将其纳入"
         "高标准农田建设项目，修复山塘和渠道。", "农业农村局"),
        ("关于扶持{town}特色产业发展的建议", "{town}特色种养产业规模小、销售渠道窄。建议加大产业扶持"
         "资金投入，建设冷链仓储设施，培育龙头企业。", "农业农村局"),
    ],
    "社会保障": [
        ("关于提高农村高龄老人补贴的建议", "{town}八十岁以上老人较多，现行高龄补贴标准偏低。建议提高"
         "补贴标准，并建设村级互助养老服务点。", "民政局"),
        ("关于做好灵活就业人员社保参保工作的建议", "{town}外出务工返乡人员和灵活就业人员参保率低，"
         "建议加强政策宣传，简化参保程序。", "人力资源和社会保障局"),
    ],
    "生态环境": [
        ("关于治理{town}河道采砂问题的建议", "{town}境内河道存在非法采砂现象，河堤受损。建议加强执法"
         "巡查，建立河长制长效管护机制。", "水利局"),
    ],
    "经济": [
        ("关于优化营商环境支持中小企业发展的建议", "县内中小企业融资难、用工难问题突出。建议设立"
         "转贷应急资金，完善政银企对接机制。", "发展和改革局"),
    ],
}  # fmt: skip
REPLIES = {
    "A": "经研究，我局已于今年安排专项资金{money}万元，相关工程已完工并投入使用。办理过程中多次与代表"
    "沟通，并走访了村民{name}等群众，群众反映良好。联系人：{contact}，电话{phone}。",
    "B": "您提出的建议很有针对性。我局已将该项目列入{year}年工作计划，正在开展前期工作，预计投入"
    "{money}万元，力争{year}年底前完成。联系人：{contact}，联系电话{phone}。",
    "C": "您的建议符合群众期盼。受财力和规划条件限制，目前暂不具备实施条件，我局将积极争取上级"
    "项目支持，条件成熟后优先安排。联系人：{contact}。",
    "D": "感谢您的建议。该事项涉及政策调整，我局已将建议内容报送上级主管部门研究参考。",
}
GIVEN = "建国秀兰志强春梅海燕文华德明丽萍"
SURNAMES = "刘李王张陈杨黄周胡罗邓谢曾彭唐肖"


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=CST)


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _demo_deputy(term: Term) -> Deputy | None:
    """王秀英 for deputy_demo: representatives/demo.py links her; if it has not, we do."""
    user = User.objects.filter(username="deputy_demo").first()
    if user is None:
        return None
    deputy = Deputy.objects.filter(user=user).first()
    if deputy is None:
        deputy = Deputy.objects.create(
            name="王秀英", gender="F", birth_date=date(1972, 3, 8), affiliation="cpc",
            education="college", occupation="farmer", id_number="430525197203085023",
            region_id=term.congress.region_id, user=user, workplace="洞口县高沙镇",
        )  # fmt: skip
    if not Mandate.objects.filter(deputy=deputy, congress=term.congress, status="serving").exists():
        Mandate.objects.create(
            deputy=deputy, congress=term.congress, term=term, start_date=term.start_date
        )
    return deputy


def _pool(term: Term, rng: random.Random) -> list[int]:
    """Serving deputies of the county congress (made here if the register is not seeded yet)."""
    ids = list(
        Mandate.objects.filter(congress=term.congress, status="serving")
        .order_by("deputy_id")
        .values_list("deputy_id", flat=True)[:400]
    )
    while len(ids) < 30:
        deputy = Deputy.objects.create(
            name=_name(rng), gender=rng.choice("MF"), birth_date=date(1970 + len(ids), 1, 1),
            affiliation="cpc", education="bachelor", occupation="farmer",
            id_number=f"{term.congress.region_id}1970{len(ids):02d}01{rng.randint(1000, 9999)}",
            region_id=term.congress.region_id,
        )  # fmt: skip
        Mandate.objects.create(
            deputy=deputy, congress=term.congress, term=term, start_date=term.start_date
        )
        ids.append(deputy.pk)
    return ids


class County:
    """The generator for one county; `plan()` decides each suggestion's story, `write()` saves."""

    def __init__(self, code: str, name: str, today: date):
        self.code, self.name, self.today = code, name, today
        self.rng = random.Random(int(code))
        self.cal = Calendar()
        self.term = Term.objects.filter(congress__region_id=code).order_by("-number").first()
        self.sessions = list(self.term.sessions.all())
        self.towns = list(Region.objects.filter(parent_id=code).values_list("name", flat=True))
        self.units = {
            u.name.removeprefix(name): u for u in HandlingUnit.objects.filter(region_id=code)
        }
        self.categories = {c.name: c for c in SuggestionCategory.objects.all()}
        self.classes = {c.code: c for c in ResultClass.objects.all()}
        self.staff = User.objects.filter(role=Role.STAFF, region_id=code).first()
        self.leader = User.objects.filter(role=Role.SUPERVISOR, region_id=code).first()
        self.unit_users = {
            u.handling_unit_id: u for u in User.objects.filter(handling_unit__region_id=code)
        }
        self.demo = _demo_deputy(self.term) if code == "430525" else None
        self.pool = _pool(self.term, self.rng)
        self.now = timezone.now() - timedelta(hours=1)
        self.deputies = {
            pk: (name, user_id)
            for pk, name, user_id in Deputy.objects.filter(
                pk__in=[*self.pool, *([self.demo.pk] if self.demo else [])]
            ).values_list("pk", "name", "user_id")
        }
        self.rows = {
            k: [] for k in ("s", "co", "rev", "asg", "ext", "con", "rep", "rat", "com", "his")
        }

    # --- one suggestion's story --------------------------------------------------------------

    def add(self, created: date, target: str, *, lead=None, category=None, cosigners=None,  # noqa: C901
            key=None, late=False, result="A", unsatisfied=False, extension=False, broad=None):  # fmt: skip
        rng = self.rng
        if category is None:
            category = rng.choice(list(TOPICS))
        title, body, unit_suffix = rng.choice(TOPICS[category])
        town = rng.choice(self.towns) if self.towns else self.name
        session = next((x for x in self.sessions if x.start_date <= created <= x.end_date), None)
        s = Suggestion(
            congress=self.term.congress, term=self.term, session=session,
            period="session" if session else "between", region_id=self.code,
            category=self.categories[category], title=title.format(town=town),
            body=body.format(town=town, name=_name(rng)),
            lead_deputy_id=lead or rng.choice(self.pool), status=S.DRAFT,
            is_key=bool(key), leading_leader=key, overseeing_committee="教育科学文化卫生工作委员会" if key else "",
        )  # fmt: skip
        s._created = _at(created, rng)
        self.rows["s"].append(s)
        signers = (
            cosigners if cosigners is not None else rng.sample(self.pool, rng.choice([0, 0, 1, 2]))
        )
        signers = [d for d in signers if d != s.lead_deputy_id]
        lead_user = None
        clock = s._created
        self.history(s, "create", S.DRAFT, S.DRAFT, lead_user, clock, "起草建议")
        confirmed = target != S.DRAFT
        for d in signers:
            self.rows["co"].append(CoSigner(suggestion=s, deputy_id=d,
                                            confirmed_at=clock + timedelta(hours=5) if confirmed else None))  # fmt: skip
        steps = [S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.SIGNED, S.REPLIED, S.REHANDLING, S.CLOSED]
        if target in (S.DRAFT,):
            return s
        if target == S.WITHDRAWN:
            clock = self.step(s, "submit", S.DRAFT, S.SUBMITTED, None, clock, 1)
            s.submitted_at = clock
            self.step(s, "withdraw", S.SUBMITTED, S.WITHDRAWN, None, clock, 3, "情况已变化，撤回")
            return s
        clock = self.step(s, "submit", S.DRAFT, S.SUBMITTED, None, clock, 1)
        s.submitted_at = clock
        if target == S.RETURNED:
            clock = self.step(s, "return_for_rework", S.SUBMITTED, S.RETURNED, self.staff, clock, 3,
                              "建议内容不够具体，请补充现状数据和具体措施。")  # fmt: skip
            self.rows["rev"].append(Review(suggestion=s, decision="returned", reviewer=self.staff,
                                           reason="建议内容不够具体，请补充现状数据和具体措施。"))  # fmt: skip
            return s
        if target == S.SUBMITTED:
            return s
        clock = self.step(s, "accept", S.SUBMITTED, S.ACCEPTED, self.staff, clock, 4)
        s.accepted_at = clock
        self.rows["rev"].append(Review(suggestion=s, decision="accepted", reviewer=self.staff))
        if target == S.ACCEPTED:
            return s
        unit = self.units.get(unit_suffix) or rng.choice(list(self.units.values()))
        co = rng.choice([None, None, rng.choice(list(self.units.values()))])
        clock = self.step(s, "assign", S.ACCEPTED, S.ASSIGNED, self.staff, clock, 3)
        s.assigned_at = clock
        s.broad_scope = rng.random() < 0.1 if broad is None else broad
        lead_a = self.assignment(s, unit, "lead", clock)
        s.reply_due = lead_a.reply_due
        self.history_note(f"交办{unit.name}（主办），答复期限{lead_a.reply_due}")
        if co and co.pk != unit.pk:
            co_a = self.assignment(s, co, "co", clock)
            if steps.index(target) > 3:
                co_a.signed_at = clock + timedelta(days=1)
                co_a.opinion = "我单位同意主办单位的办理意见，将在职责范围内配合落实。"
                co_a.opinion_at = clock + timedelta(days=20)
        if target == S.ASSIGNED:
            return s
        unit_user = self.unit_users.get(unit.pk)
        clock = self.step(
            s, "sign", S.ASSIGNED, S.SIGNED, unit_user, clock, rng.choice([1, 1, 2, 4, 6])
        )
        lead_a.signed_at = clock
        contact = clock + timedelta(days=rng.randint(5, 25))
        self.rows["con"].append(ContactLog(assignment=lead_a, method=rng.choice(["phone", "visit", "meeting"]),
                                           contacted_on=contact.date(), recorded_by=unit_user or self.staff,
                                           summary="与领衔代表沟通办理思路，听取意见。"))  # fmt: skip
        self.history(s, "contact", S.SIGNED, S.SIGNED, unit_user, contact, "与领衔代表沟通办理思路")
        if extension:
            self.rows["ext"].append(ExtensionRequest(assignment=lead_a, months=2, requested_by=unit_user or self.staff,
                                                     reason="涉及多个部门协调，需争取上级资金支持。"))  # fmt: skip
            self.history(
                s, "request_extension", S.SIGNED, S.SIGNED, unit_user, contact, "申请延期2个月"
            )
        if target == S.SIGNED:
            return s
        replied = s.assigned_at + timedelta(
            days=rng.randint(100, 130) if late else rng.randint(35, 85)
        )
        clock = self.step(s, "reply", S.SIGNED, S.REPLIED, unit_user, max(clock, replied), 0,
                          str(self.classes[result]))  # fmt: skip
        self.reply(s, unit, unit_user, 1, result, clock)
        if target == S.REPLIED:
            return s
        rating_at = clock + timedelta(days=rng.randint(3, 15))
        if unsatisfied or target == S.REHANDLING:
            self.rating(s, 1, "basically", "unsatisfied", "措施不够具体，希望尽快落实。")
            clock = self.step(s, "rate_unsatisfied", S.REPLIED, S.REHANDLING, None, rating_at, 0,
                              "办理态度基本满意，办理结果不满意。")  # fmt: skip
            s.round = 2
            s.reply_due = self.cal.month_deadline(clock.date(), REHANDLE_MONTHS)
            if target == S.REHANDLING:
                return s
            clock = self.step(
                s, "reply", S.REHANDLING, S.REPLIED, unit_user, clock, rng.randint(12, 28), "A"
            )
            self.reply(s, unit, unit_user, 2, "A", clock)
            rating_at = clock + timedelta(days=rng.randint(3, 10))
        verdict = rng.choice(["satisfied", "satisfied", "satisfied", "basically"])
        self.rating(s, s.round, "satisfied", verdict, "")
        clock = self.step(s, "rate_satisfied", S.REPLIED, S.CLOSED, None, rating_at, 0,
                          f"办理态度满意，办理结果{'满意' if verdict == 'satisfied' else '基本满意'}。")  # fmt: skip
        s.closed_at = clock
        return s

    def step(self, s, action, before, after, actor, clock, days, note=""):
        # never in the future: a story that would run past today stops an hour ago
        at = min(clock + timedelta(days=days, hours=self.rng.randint(0, 5)), self.now)
        s.status = after
        self.history(s, action, before, after, actor, at, note)
        return at

    def history(self, s, action, before, after, actor, at, note=""):
        if actor is None and (
            action in ("create", "submit", "withdraw") or action.startswith("rate")
        ):
            name, user_id = self.deputies.get(s.lead_deputy_id, ("代表", None))
            actor_name, actor_id = f"{name}代表", user_id
        else:
            actor_name, actor_id = (str(actor), actor.pk) if actor else ("承办单位", None)
        self.rows["his"].append(History(suggestion=s, action=action, from_status=before, to_status=after,
                                        actor_id=actor_id, actor_name=actor_name, at=at, note=note))  # fmt: skip

    def history_note(self, note):
        self.rows["his"][-1].note = note

    def assignment(self, s, unit, role, at):
        d = assignment_deadlines(at.date(), role=role, broad_scope=s.broad_scope, cal=self.cal)
        a = Assignment(
            suggestion=s, unit=unit, role=role, assigned_by=self.staff, assigned_at=at, **d
        )
        self.rows["asg"].append(a)
        return a

    def reply(self, s, unit, user, round_, code, at):
        rng = self.rng
        body = REPLIES[code].format(money=rng.choice([30, 50, 80, 120, 260]), name=_name(rng),
                                    contact=_name(rng), phone=f"139{rng.randint(10000000, 99999999)}",
                                    year=at.year + 1)  # fmt: skip
        r = Reply(suggestion=s, unit=unit, round=round_, result_class=self.classes[code], body=body,
                  replied_by=user or self.staff, replied_at=at,
                  on_time=at.date() <= (s.reply_due or at.date()))  # fmt: skip
        self.rows["rep"].append(r)
        s.replied_at = at
        if code == "B":
            due = at.date() + timedelta(days=rng.randint(60, 300))
            self.rows["com"].append(Commitment(reply=r, suggestion=s, what="完成项目建设并投入使用",
                                               due_date=due,
                                               done_at=_at(due, rng) if due < self.today else None))  # fmt: skip
        return r

    def rating(self, s, round_, attitude, result, comment):
        reply = next(
            r for r in reversed(self.rows["rep"]) if r.suggestion is s and r.round == round_
        )
        self.rows["rat"].append(Rating(reply=reply, deputy_id=s.lead_deputy_id, attitude=attitude,
                                       result=result, comment=comment))  # fmt: skip

    # --- the whole county ------------------------------------------------------------------

    def plan(self):
        rng, today = self.rng, self.today
        start = self.term.start_date + timedelta(days=7)
        days = (today - start).days
        total = PER_YEAR * days // 365
        for i in range(total):
            created = start + timedelta(days=int(days * i / total))
            age = (today - created).days
            old = age > 200
            if old:
                target = rng.choices([S.CLOSED, S.WITHDRAWN], weights=[96, 4])[0]
            elif age > 120:
                target = rng.choice([S.CLOSED, S.CLOSED, S.REPLIED, S.SIGNED, S.REHANDLING])
            elif age > 40:
                target = rng.choice([S.SIGNED, S.SIGNED, S.ASSIGNED, S.SIGNED])
            else:
                target = rng.choice(
                    [S.DRAFT, S.SUBMITTED, S.RETURNED, S.ACCEPTED, S.ASSIGNED, S.SIGNED]
                )
            self.add(created, target, result=rng.choice("AAABBBCCD"),
                     unsatisfied=old and rng.random() < 0.08, late=old and rng.random() < 0.12,
                     key=self.leader if self.leader and rng.random() < 0.06 else None)  # fmt: skip
        self.for_demo_accounts()

    def for_demo_accounts(self):
        """Work waiting for deputy_demo, dongkou_staff, dongkou_jyj and dongkou_leader."""
        if self.code != "430525":
            return
        t, me = self.today, self.demo.pk if self.demo else None
        other = next(pk for pk in self.pool if pk != me)
        ago = lambda n: t - timedelta(days=n)  # noqa: E731
        if me:
            self.add(ago(2), S.DRAFT, lead=me, category="教育", cosigners=[other])
            self.add(ago(3), S.DRAFT, lead=other, cosigners=[me])  # she is asked to co-sign
            self.add(ago(20), S.RETURNED, lead=me, category="交通")
            self.add(ago(120), S.REPLIED, lead=me, category="教育", result="B")  # to rate
            self.add(ago(400), S.CLOSED, lead=me, category="医疗卫生", result="A")
            self.add(ago(300), S.CLOSED, lead=me, category="农业农村", unsatisfied=True, result="B")
        for n in (1, 3):
            self.add(ago(n), S.SUBMITTED, category="教育")  # staff: to review
        self.add(ago(6), S.ACCEPTED, category="社会保障")  # staff: to assign
        self.add(ago(1), S.ASSIGNED, category="教育")  # 教育局: to sign
        self.add(
            ago(12), S.ASSIGNED, category="教育", broad=False
        )  # 教育局: unsigned > 3 working days
        self.add(ago(50), S.SIGNED, category="教育", broad=False)  # 教育局: to reply
        self.add(ago(84), S.SIGNED, category="教育", broad=False)  # 教育局: due within a week
        self.add(
            ago(130), S.SIGNED, category="教育", key=self.leader, broad=False
        )  # overdue, key: leader
        self.add(ago(160), S.SIGNED, category="交通", key=self.leader, broad=False)
        self.add(
            ago(70), S.SIGNED, category="教育", extension=True, broad=False
        )  # staff: extension to decide
        self.add(ago(140), S.REHANDLING, category="教育")  # 教育局: handle again

    def write(self) -> int:
        rows = self.rows
        Suggestion.objects.bulk_create(rows["s"], batch_size=500)
        # created_at is auto_now_add: set the story's dates afterwards, in one pass per batch.
        for s in rows["s"]:
            s.created_at = s._created
        Suggestion.objects.bulk_update(rows["s"], ["created_at"], batch_size=500)
        for key in ("co", "rev", "asg", "his"):
            for row in rows[key]:
                row.suggestion_id = row.suggestion.pk
        CoSigner.objects.bulk_create(rows["co"], batch_size=1000)
        Review.objects.bulk_create(rows["rev"], batch_size=1000)
        Assignment.objects.bulk_create(rows["asg"], batch_size=1000)
        for key, parent in (("ext", "assignment"), ("con", "assignment")):
            for row in rows[key]:
                setattr(row, f"{parent}_id", getattr(row, parent).pk)
        ExtensionRequest.objects.bulk_create(rows["ext"], batch_size=1000)
        ContactLog.objects.bulk_create(rows["con"], batch_size=1000)
        for row in rows["rep"]:
            row.suggestion_id = row.suggestion.pk
        Reply.objects.bulk_create(rows["rep"], batch_size=1000)
        for key in ("rat", "com"):
            for row in rows[key]:
                row.reply_id = row.reply.pk
                if key == "com":
                    row.suggestion_id = row.suggestion.pk
        Rating.objects.bulk_create(rows["rat"], batch_size=1000)
        Commitment.objects.bulk_create(rows["com"], batch_size=1000)
        History.objects.bulk_create(rows["his"], batch_size=2000)
        self.publish_some()
        audit.record(
            AuditLog.Action.IMPORT,
            model="suggestions.Suggestion",
            object_repr=f"演示数据：{self.name} {len(rows['s'])} 件建议",
        )
        return len(rows["s"])

    def publish_some(self):
        """Publish every third closed reply with the text publishing it through the API would
        propose: redacted with the names of the suggestion's people."""
        closed = [r for r in self.rows["rep"] if r.suggestion.status == S.CLOSED][::3]
        for r in closed:
            proposed = public_text_proposal(reply=r)
            r.public_title, r.public_body = proposed["title"], proposed["text"]
            r.disclosure = Reply.Disclosure.PUBLISHED
            r.published_at = r.replied_at + timedelta(days=30)
            r.published_by = self.staff
        fields = ["public_title", "public_body", "disclosure", "published_at", "published_by"]
        Reply.objects.bulk_update(closed, fields, batch_size=500)


# policies after the demos that accept 洞口县 suggestions in one step (it gives 洞口县 三审 stages)
DEMO_EXTRAS = ["calendar", "ratings", "meetings", "handoffs", "ledger", "policies", "reminders"]


def seed(stdout=None) -> list:
    today = timezone.localdate()
    for code, name in COUNTIES.items():
        if not Congress.objects.filter(region_id=code).exists():
            continue
        if Suggestion.objects.filter(region_id=code).exists():
            continue
        county = County(code, name, today)
        if county.term is None or not county.units or county.staff is None:
            if stdout:
                stdout.write(f"  {name}: no term, units or staff yet; suggestions skipped")
            continue
        county.plan()
        count = county.write()
        if stdout:
            stdout.write(f"  {name}: {count} suggestions")
    # The later rules' demo data, each in its own module (suggestions/demo_<name>.py).
    for name in DEMO_EXTRAS:
        importlib.import_module(f"suggestions.demo_{name}").seed(stdout)
    sent = reminders.sweep()
    if stdout:
        stdout.write(f"  reminders sent: {sent}")
    return []
