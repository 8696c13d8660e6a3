"""Demo register: 宁乡市 2,435 deputies, 洞口县 1,600, 临武县 300, with township, county, city
and provincial seats, deputy groups per township, and deputy_demo (王秀英) linked to a 洞口县
county deputy who also sits in her township's congress. Deterministic and idempotent."""

import random
from datetime import date, timedelta

from django.utils import timezone

from congress import audit
from congress.models import AuditLog, Congress, Region, Term, User, chinese_number
from congress.personal import id_check_char
from representatives.models import Affiliation, Deputy, DeputyGroup, Mandate
from representatives.services import name_initials

# county code: (persons, county seats, city code); township-only persons fill the rest.
COUNTIES = {
    "430182": (2435, 330, "4301"),
    "430525": (1600, 260, "4305"),
    "431025": (300, 180, "4310"),
}
PROVINCE = "43"
DEMO_DEPUTY = ("deputy_demo", "王秀英")

# Surnames by frequency in Hunan (weights roughly per cent of the population).
SURNAMES = (
    "刘13 李8 王7 张6 陈6 杨5 黄4 周4 胡3 罗3 邓3 谢3 曾3 彭3 唐3 肖3 蒋2 谭2 吴2 赵2 "
    "何2 易2 贺2 龙2 向2 戴2 文2 朱2 邹2 袁2 廖2 尹1 欧阳1 夏1 段1 颜1 钟1 雷1 伍1 匡1 "
    "石1 姚1 尹1 申1 舒1 粟1 蒲1 奉1 阳1 许1 郭1 孙1 曹1 宋1 邱1"
)
MALE_CHARS = "伟强军平建国志明华勇杰涛斌波辉刚健俊峰磊鹏飞超林立新文武德海江湘岳湘云龙浩宇家兴旺"
FEMALE_CHARS = "秀英芳娟丽敏静燕红霞玲琴梅兰萍艳华春桂凤婷雪慧颖莉晓湘丹娜洁琳"
VILLAGE_CHARS = "石桥塘坪山湾冲岭田溪江口源头新民和平胜利金星光明红旗青龙白沙枫林竹园高峰"
COMPANIES = ["农业开发", "建材", "食品", "电子科技", "机械制造", "纺织", "竹木制品", "物流"]

# (occupation, weight, [(workplace pattern, post)])
OCCUPATIONS = {
    "county": [
        ("official", 30), ("farmer", 18), ("worker", 14), ("professional", 16),
        ("business", 13), ("military", 1), ("other", 8),
    ],
    "township": [
        ("farmer", 42), ("worker", 14), ("professional", 12), ("official", 16),
        ("business", 9), ("other", 7),
    ],
}  # fmt: skip
POSTS = {
    "official": [("{town}人民政府", "镇长"), ("{town}党委", "党委书记"), ("{town}人大主席团", "人大主席"),
                 ("{county}人民政府", "副县长"), ("{county}发展和改革局", "局长"), ("{town}人民政府", "副镇长")],
    "farmer": [("{town}{village}村", "村民"), ("{town}{village}村", "种粮大户"), ("{town}{village}村", "党总支书记"),
               ("{town}{village}村民委员会", "主任"), ("{town}{village}种植专业合作社", "理事长")],
    "worker": [("{county}{company}有限公司", "工人"), ("{county}{company}有限公司", "技术员"),
               ("{county}供电公司", "电力工人"), ("{county}{company}有限公司", "车间主任")],
    "professional": [("{county}人民医院", "主治医师"), ("{town}中心学校", "教师"), ("{county}第一中学", "高级教师"),
                     ("{town}卫生院", "医生"), ("{county}农业技术推广中心", "农艺师"), ("湖南{surname}律师事务所", "律师")],
    "business": [("湖南{company2}有限公司", "董事长"), ("{county}{company}有限公司", "总经理"),
                 ("{town}{village}家庭农场", "场主")],
    "military": [("{county}人民武装部", "部长")],
    "other": [("{town}{village}社区", "社区工作者"), ("{county}妇女联合会", "主席"), ("{county}残疾人联合会", "理事长")],
}  # fmt: skip
EDUCATION = {
    "county": [("postgraduate", 8), ("bachelor", 45), ("college", 25), ("secondary", 15), ("junior", 7)],
    "township": [("postgraduate", 2), ("bachelor", 20), ("college", 30), ("secondary", 30), ("junior", 18)],
}  # fmt: skip
AFFILIATION = {
    "county": [("cpc", 68), ("cpc_probationary", 1), ("cdl", 2), ("capd", 1), ("cpwdp", 1),
               ("js", 1), ("cdnca", 1), ("non_party", 5), ("masses", 20)],
    "township": [("cpc", 62), ("cpc_probationary", 2), ("non_party", 2), ("masses", 34)],
}  # fmt: skip
ENDINGS = [
    (Mandate.Status.RESIGNED, "因工作调动，本人提出辞去代表职务"),
    (Mandate.Status.TRANSFERRED, "调离本行政区域，代表资格终止"),
    (Mandate.Status.TERMINATED, "因病去世，代表资格自然终止"),
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _surnames():
    pairs = []
    for item in SURNAMES.split():
        digits = "".join(c for c in item if c.isdigit())
        pairs.append((item[: -len(digits)], int(digits)))
    return pairs


class Factory:
    """Makes plausible people for one county, deterministically."""

    def __init__(self, county: Region, seed: int):
        self.rng = random.Random(seed)
        self.county = county
        self.surnames = _surnames()
        self.ids: set[str] = set(Deputy.objects.values_list("id_number", flat=True))
        self.today = timezone.localdate()

    def name(self, gender: str) -> str:
        chars = MALE_CHARS if gender == "M" else FEMALE_CHARS
        given = "".join(self.rng.choice(chars) for _ in range(self.rng.choice((1, 2, 2, 2))))
        return _weighted(self.rng, self.surnames) + given

    def ethnicity(self, town: Region) -> str:
        rng, county = self.rng, self.county.code
        if "瑶族" in town.name:
            return _weighted(rng, [("瑶族", 48), ("汉族", 46), ("苗族", 6)])
        if county == "430525":
            return _weighted(rng, [("汉族", 90), ("瑶族", 6), ("苗族", 3), ("侗族", 1)])
        if county == "431025":
            return _weighted(rng, [("汉族", 96), ("瑶族", 4)])
        return _weighted(rng, [("汉族", 99), ("土家族", 0.5), ("苗族", 0.5)])

    def id_number(self, birth: date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(0, 1000)
            if (seq % 2 == 1) != (gender == "M"):
                seq = (seq + 1) % 1000
            first17 = f"{self.county.code}{birth:%Y%m%d}{seq:03d}"
            number = first17 + id_check_char(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def phone(self) -> str:
        prefix = self.rng.choice(
            [
                "138",
                "139",
                "135",
                "137",
                "150",
                "151",
                "158",
                "187",
                "188",
                "199",
                "177",
                "133",
                "189",
            ]
        )
        return prefix + f"{self.rng.randrange(10**8):08d}"

    def person(self, town: Region, level: str, **fixed) -> Deputy:
        rng = self.rng
        female_share = 0.29 if level == "county" else 0.31
        gender = fixed.pop("gender", "F" if rng.random() < female_share else "M")
        age = min(65, max(25, int(rng.gauss(47, 9))))
        birth = fixed.pop("birth_date", None) or (
            self.today - timedelta(days=age * 365 + rng.randrange(365))
        )
        occupation = _weighted(rng, OCCUPATIONS[level])
        workplace, post = rng.choice(POSTS[occupation])
        village = "".join(rng.sample(VILLAGE_CHARS, 2))
        company = rng.choice(COMPANIES)
        name = fixed.pop("name", None) or self.name(gender)
        if self.county.name.endswith("市"):  # a county-level city has a mayor, not a magistrate
            post = post.replace("县长", "市长")
        if town.name.endswith("街道"):  # streets have offices and communities, not villages
            workplace = workplace.replace("{town}人民政府", "{town}办事处").replace(
                "{town}{village}村", "{town}{village}社区"
            )
        workplace = workplace.format(
            town=town.name,
            county=self.county.name,
            village=village,
            company=company,
            company2=name[0] + company,
            surname=name[0],
        )
        affiliation = _weighted(rng, AFFILIATION[level])
        if occupation == "official" and affiliation not in Affiliation.democratic_parties():
            affiliation = "cpc"
        deputy = Deputy(
            name=name,
            name_initials=name_initials(name),
            gender=gender,
            ethnicity=self.ethnicity(town),
            birth_date=birth,
            affiliation=affiliation,
            education=_weighted(rng, EDUCATION[level]),
            occupation=occupation,
            workplace=workplace[:100],
            post=post,
            phone=self.phone(),
            id_number="",
            region=town,
            **fixed,
        )
        deputy.id_number = self.id_number(birth, gender)
        return deputy


def _term(congress: Congress) -> Term | None:
    return congress.terms.order_by("-number").first()


def _groups(congress: Congress, names_regions: list[tuple[str, str]]) -> dict[str, DeputyGroup]:
    existing = {g.name: g for g in DeputyGroup.objects.filter(congress=congress)}
    new = [
        DeputyGroup(congress=congress, name=name, region_id=region)
        for name, region in names_regions
        if name not in existing
    ]
    for group in DeputyGroup.objects.bulk_create(new):
        existing[group.name] = group
    return existing


def _mandate(rng, deputy, congress, term, group, unit) -> Mandate:
    """A seat from the start of the term; about one in fifty has ended since."""
    mandate = Mandate(
        deputy=deputy,
        congress=congress,
        term=term,
        group=group,
        electoral_unit=unit,
        start_date=term.start_date,
    )
    if rng.random() < 0.02 and deputy.user_id is None:
        mandate.status, mandate.end_reason = rng.choice(ENDINGS)
        mandate.end_date = term.start_date + timedelta(days=rng.randrange(200, 1500))
    return mandate


def seed_county(code: str, persons: int, county_seats: int, city_code: str, stdout=None) -> int:
    """One county's register; returns the number of people created (0 when already there)."""
    if Deputy.objects.filter(region__code__startswith=code).exists():
        return 0
    county = Region.objects.get(code=code)
    factory = Factory(county, seed=int(code))
    rng = factory.rng
    regions = list(Region.objects.filter(parent=county).order_by("code"))
    # Streets (街道) have no congress of their own; 乡 and 镇 do.
    towns = [r for r in regions if r.name.endswith(("镇", "乡"))]
    congresses = {
        c.region_id: c
        for c in Congress.objects.filter(
            region_id__in=[code, city_code, PROVINCE, *[t.code for t in towns]]
        )
    }
    terms = {region: _term(c) for region, c in congresses.items()}
    county_congress, city_congress, province_congress = (
        congresses[code],
        congresses[city_code],
        congresses[PROVINCE],
    )
    county_groups = _groups(county_congress, [(f"{r.name}代表小组", r.code) for r in regions])
    city_group = _groups(city_congress, [(f"{county.name}代表小组", code)])[
        f"{county.name}代表小组"
    ]

    # County deputies, spread over every township and street (the county seat gets more).
    people, mandates = [], []
    weights = [3 if r.name.endswith("街道") else 1 for r in regions]
    county_people = []
    for i in range(county_seats):
        town = rng.choices(regions, weights=weights)[0]
        fixed = {}
        if code == "430525" and i == 0:
            town = next(t for t in towns if t.name == "山门镇")
            fixed = {"name": DEMO_DEPUTY[1], "gender": "F", "birth_date": date(1978, 5, 16)}
            demo = User.objects.filter(username=DEMO_DEPUTY[0], deputy__isnull=True).first()
            if demo is not None:
                fixed["user"] = demo
        deputy = factory.person(town, "county", **fixed)
        county_people.append(deputy)
    township_only = [
        factory.person(rng.choice(towns), "township") for _ in range(persons - county_seats)
    ]
    people = county_people + township_only
    Deputy.objects.bulk_create(people, batch_size=1000)

    # Township congresses: groups of about 15 by constituency.
    by_town: dict[str, list[Deputy]] = {}
    for index, deputy in enumerate(county_people):
        if deputy.region in towns and (index == 0 or rng.random() < 0.4):
            by_town.setdefault(deputy.region_id, []).append(deputy)
    for deputy in township_only:
        by_town.setdefault(deputy.region_id, []).append(deputy)
    for town in towns:
        members = by_town.get(town.code, [])
        congress, term = congresses[town.code], terms[town.code]
        if not members or term is None:
            continue
        group_count = max(1, round(len(members) / 15))
        names = [f"第{chinese_number(i + 1)}代表小组" for i in range(group_count)]
        groups = _groups(congress, [(n, town.code) for n in names])
        for i, deputy in enumerate(members):
            unit = f"第{i % max(1, len(members) // 3) + 1}选区"
            mandates.append(
                _mandate(rng, deputy, congress, term, groups[names[i % group_count]], unit)
            )

    # County seats; a tenth of them also sit in the city congress, a handful in the province's.
    county_term = terms[code]
    for i, deputy in enumerate(county_people):
        town = deputy.region
        unit = f"{town.name}第{i % 4 + 1}选区"
        mandates.append(
            _mandate(
                rng,
                deputy,
                county_congress,
                county_term,
                county_groups[f"{town.name}代表小组"],
                unit,
            )
        )
        if i % 10 == 5:
            mandates.append(
                _mandate(rng, deputy, city_congress, terms[city_code], city_group, county.name)
            )
        if i % 60 == 7:
            mandates.append(
                _mandate(
                    rng,
                    deputy,
                    province_congress,
                    terms[PROVINCE],
                    None,
                    f"{county.name}（{city_congress.region.name}）",
                )
            )
    Mandate.objects.bulk_create(mandates, batch_size=1000)
    audit.record(
        AuditLog.Action.IMPORT,
        model="representatives.Deputy",
        object_repr=f"演示数据：{county.name} {len(people)} 名代表，{len(mandates)} 条代表资格",
    )
    if stdout:
        stdout.write(f"  {county.name}: {len(people)} deputies, {len(mandates)} mandates")
    return len(people)


def link_demo_deputy() -> None:
    """deputy_demo is 王秀英 of 山门镇, a 洞口县 county deputy (also when the register came first)."""
    user = User.objects.filter(username=DEMO_DEPUTY[0], deputy__isnull=True).first()
    deputy = (
        Deputy.objects.filter(
            name=DEMO_DEPUTY[1], region__code__startswith="430525", user__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if user is not None and deputy is not None:
        deputy.user = user
        deputy.save(update_fields=["user"])


def seed(stdout=None) -> list:
    for code, (persons, county_seats, city_code) in COUNTIES.items():
        seed_county(code, persons, county_seats, city_code, stdout=stdout)
    link_demo_deputy()
    from representatives import demo_accounts  # noqa: PLC0415 - after the register exists

    demo_accounts.seed(stdout)
    return []
