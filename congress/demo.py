"""Demo data of the core: regions, terms and sessions, handling units and one account per role."""

from datetime import date

from congress.models import Congress, HandlingUnit, Region, Role, Session, Term, User
from congress.services import regions_load

DEMO_PASSWORD = "Renda@2026"

# The six places of the source article, and the cities above them.
DEMO_COUNTIES = {"430525": "洞口县", "431025": "临武县", "430182": "宁乡市"}
DEMO_CITIES = {
    "4312": "怀化市",
    "4307": "常德市",
    "4309": "益阳市",
    "4305": "邵阳市",
    "4310": "郴州市",
    "4301": "长沙市",
}

# (level, term number, start, end, sessions [(number, start, end)])
TERMS = {
    Region.Level.PROVINCE: (
        14,
        date(2023, 1, 12),
        date(2028, 1, 11),
        [
            (1, date(2023, 1, 12), date(2023, 1, 17)),
            (2, date(2024, 1, 24), date(2024, 1, 28)),
            (3, date(2025, 1, 16), date(2025, 1, 20)),
            (4, date(2026, 1, 20), date(2026, 1, 24)),
        ],
    ),
    Region.Level.CITY: (
        7,
        date(2021, 12, 20),
        date(2026, 12, 19),
        [
            (1, date(2021, 12, 20), date(2021, 12, 24)),
            (2, date(2023, 2, 7), date(2023, 2, 10)),
            (3, date(2024, 1, 9), date(2024, 1, 12)),
            (4, date(2025, 1, 7), date(2025, 1, 10)),
            (5, date(2026, 1, 13), date(2026, 1, 16)),
        ],
    ),
    Region.Level.COUNTY: (
        18,
        date(2021, 9, 28),
        date(2026, 9, 27),
        [
            (1, date(2021, 9, 28), date(2021, 10, 1)),
            (2, date(2022, 12, 27), date(2022, 12, 30)),
            (3, date(2024, 1, 3), date(2024, 1, 6)),
            (4, date(2025, 1, 6), date(2025, 1, 9)),
            (5, date(2026, 1, 5), date(2026, 1, 8)),
        ],
    ),
    Region.Level.TOWNSHIP: (
        19,
        date(2021, 9, 10),
        date(2026, 9, 9),
        [
            (1, date(2021, 9, 10), date(2021, 9, 10)),
            (2, date(2022, 2, 25), date(2022, 2, 26)),
            (3, date(2023, 2, 20), date(2023, 2, 21)),
            (4, date(2024, 2, 26), date(2024, 2, 27)),
            (5, date(2025, 2, 24), date(2025, 2, 25)),
            (6, date(2026, 2, 23), date(2026, 2, 24)),
        ],
    ),
}
# A county congress elected in autumn 2021 would have just elected its next term in autumn 2026;
# the demo keeps the outgoing term current so that a whole term of work is there to see.

UNIT_NAMES = [
    ("发展和改革局", HandlingUnit.Kind.GOVERNMENT),
    ("教育局", HandlingUnit.Kind.GOVERNMENT),
    ("公安局", HandlingUnit.Kind.GOVERNMENT),
    ("民政局", HandlingUnit.Kind.GOVERNMENT),
    ("财政局", HandlingUnit.Kind.GOVERNMENT),
    ("人力资源和社会保障局", HandlingUnit.Kind.GOVERNMENT),
    ("自然资源局", HandlingUnit.Kind.GOVERNMENT),
    ("住房和城乡建设局", HandlingUnit.Kind.GOVERNMENT),
    ("交通运输局", HandlingUnit.Kind.GOVERNMENT),
    ("水利局", HandlingUnit.Kind.GOVERNMENT),
    ("农业农村局", HandlingUnit.Kind.GOVERNMENT),
    ("文化旅游广电体育局", HandlingUnit.Kind.GOVERNMENT),
    ("卫生健康局", HandlingUnit.Kind.GOVERNMENT),
    ("应急管理局", HandlingUnit.Kind.GOVERNMENT),
    ("市场监督管理局", HandlingUnit.Kind.GOVERNMENT),
    ("医疗保障局", HandlingUnit.Kind.GOVERNMENT),
    ("城市管理和综合执法局", HandlingUnit.Kind.GOVERNMENT),
    ("林业局", HandlingUnit.Kind.GOVERNMENT),
    ("监察委员会", HandlingUnit.Kind.SUPERVISION),
    ("人民法院", HandlingUnit.Kind.COURT),
    ("人民检察院", HandlingUnit.Kind.PROCURATORATE),
    ("供电公司", HandlingUnit.Kind.OTHER),
]


def demo_regions() -> list[str]:
    """Codes of the regions that get terms: the province, demo cities and counties, and their townships."""
    counties = list(DEMO_COUNTIES)
    townships = Region.objects.filter(parent_id__in=counties).values_list("code", flat=True)
    return ["43", *DEMO_CITIES, *counties, *townships]


def seed_terms() -> None:
    for congress in Congress.objects.filter(region_id__in=demo_regions()).select_related("region"):
        number, start, end, sessions = TERMS[congress.region.level]
        term, _ = Term.objects.get_or_create(
            congress=congress, number=number, defaults={"start_date": start, "end_date": end}
        )
        for session_number, s_start, s_end in sessions:
            Session.objects.get_or_create(
                term=term,
                number=session_number,
                defaults={"start_date": s_start, "end_date": s_end},
            )


def seed_units() -> None:
    for code, county in DEMO_COUNTIES.items():
        for name, kind in UNIT_NAMES:
            HandlingUnit.objects.get_or_create(
                region_id=code, name=f"{county}{name}", defaults={"kind": kind}
            )


def demo_user(username: str, *, name: str, role: str, **fields) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, name=name, role=role, **fields)
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
    return user


def seed(stdout=None) -> list[tuple[str, str, str, str]]:
    regions_load()
    seed_terms()
    seed_units()
    admin = demo_user(
        "admin",
        name="系统管理员",
        role=Role.ADMIN,
        is_staff=True,
        is_superuser=True,
        email="admin@example.org",
    )
    demo_user(
        "huaihua_staff",
        name="向晓梅",
        role=Role.STAFF,
        region_id="4312",
        email="huaihua@example.org",
    )
    demo_user("shaoyang_staff", name="曾志刚", role=Role.STAFF, region_id="4305")
    demo_user(
        "dongkou_staff",
        name="尹建华",
        role=Role.STAFF,
        region_id="430525",
        email="dongkou@example.org",
    )
    demo_user("linwu_staff", name="李春燕", role=Role.STAFF, region_id="431025")
    demo_user("ningxiang_staff", name="周立新", role=Role.STAFF, region_id="430182")
    demo_user("dongkou_leader", name="肖国平", role=Role.SUPERVISOR, region_id="430525")
    unit = HandlingUnit.objects.get(region_id="430525", name="洞口县教育局")
    demo_user(
        "dongkou_jyj",
        name="刘文斌",
        role=Role.HANDLING_UNIT,
        handling_unit=unit,
        email="jyj@example.org",
    )
    demo_user("deputy_demo", name="王秀英", role=Role.DEPUTY)
    return [
        ("系统管理员", admin.username, DEMO_PASSWORD, "全省"),
        ("工作人员（市）", "huaihua_staff", DEMO_PASSWORD, "怀化市人大常委会"),
        ("工作人员（县）", "dongkou_staff", DEMO_PASSWORD, "洞口县人大常委会"),
        ("工作人员（县）", "linwu_staff", DEMO_PASSWORD, "临武县人大常委会"),
        ("工作人员（县）", "ningxiang_staff", DEMO_PASSWORD, "宁乡市人大常委会"),
        ("人大代表", "deputy_demo", DEMO_PASSWORD, "洞口县人大代表"),
        ("承办单位", "dongkou_jyj", DEMO_PASSWORD, "洞口县教育局"),
        ("领导", "dongkou_leader", DEMO_PASSWORD, "洞口县人大常委会主任"),
    ]
