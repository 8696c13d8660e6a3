"""Dashboard figures of contacts (owned by the dashboards app): 联系工作达标率, the share of the
relations in force this year that reached their yearly target, by contacts/figures.py; it drills
down to the relations behind it (the part: reached; the whole: all relations of the year)."""

from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress.dashboards.context import Figure, rate
from congress.dashboards.facts import FactSource, grouped
from contacts import figures as cf
from contacts.models import ContactRelation


def _years() -> list[int]:
    year = timezone.localdate().year
    return [year - 1, year]


def _relations_by_year(pick):
    """One snapshot row per region and year (key): relations do not add up over years."""

    def build():
        return [
            grouped(
                ContactRelation.objects.filter(pk__in=pick(year).values("pk")),
                region="region_id",
                key=Value(str(year)),
            )
            for year in _years()
        ]

    return build


SOURCES = [
    FactSource("contact_relations", _relations_by_year(cf.in_year), kind="snapshot"),
    FactSource("contact_reached", _relations_by_year(cf.reached), kind="snapshot"),
]


def figures(ctx) -> list[Figure]:
    year = ctx.period.months[-1].year
    key, last_key = str(year), str(year - 1)
    relations = ctx.by_region("contact_relations", key, "snap")
    reached = ctx.by_region("contact_reached", key, "snap")
    last = rate(
        ctx.total("contact_reached", last_key, "snap"),
        ctx.total("contact_relations", last_key, "snap"),
    )
    return [
        Figure("contact_coverage", _("联系工作达标率"), "contacts",
               rate(sum(reached.values()), sum(relations.values())), last,
               ctx.region_rates(reached, relations), unit="%",
               note=_("本年度联系次数达到年度目标的联系关系占比（分片联系、委员联系代表、国家机关领导干部联系代表、双联）"),
               link=ctx.query(list="contact_reached"), drill="part",
               whole=ctx.query(list="contact_relations")),
    ]  # fmt: skip


def _relation_records(pick, label):
    def build(*, qs_scope, period, params):
        year = period.months[-1].year
        qs = (
            cf.with_done(ContactRelation.objects.filter(pk__in=pick(year).values("pk")), year)
            .filter(**qs_scope("region__code"))
            .select_related("region", "contactor", "member__deputy", "township", "deputy")
            .order_by("region_id", "kind", "id")
        )

        def row(r):
            return {
                "title": f"{r.contactor_name} → {r.contacted_name}",
                "region": r.region.name,
                "detail": r.get_kind_display(),
                "date": None,
                "status": _("达标") if r.done >= r.yearly_target else _("未达标"),
                "value": f"{r.done}/{r.yearly_target}",
                "url": f"/contacts/{r.pk}/",
                "perm": "contact.view",
            }

        return qs, row, [{"label": _("期间"), "value": _("%(y)d年") % {"y": year}},
                         {"label": _("口径"), "value": label}]  # fmt: skip

    return build


RECORDS = {
    "contact_relations": (_("联系关系（本年度）"), _relation_records(cf.in_year, _("本年度在册"))),
    "contact_reached": (_("达到年度目标的联系关系"), _relation_records(cf.reached, _("已达标"))),
}
