"""Aggregate tables behind the dashboard: small, pre-grouped rows that a province-wide
dashboard can sum in milliseconds. Kept current by folding the cells that writes marked
(`cells.fold`, Celery beat every 30 s) and rebuilt nightly as a safety net (`cells.refresh`);
nobody edits them by hand."""

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class Fact(models.Model):
    """One pre-grouped figure: `value` of `metric` in `region` for `month` (first day of a
    month in Asia/Shanghai; NULL for a current snapshot), split by `key` (a status, a class,
    a unit id …). Two tiers: FINE rows keep the record's own region (township when known);
    COUNTY rows fold them to the first six digits, so a province or city dashboard reads
    a few thousand rows instead of the whole province's; CITY rows fold them again to four
    digits for the province's own dashboard (split by city)."""

    class Tier(models.TextChoices):
        FINE = "t", _("乡镇级明细")
        COUNTY = "c", _("县级汇总")
        CITY = "p", _("市级汇总")

    tier = models.CharField(_("层级"), max_length=1, choices=Tier.choices)
    metric = models.CharField(_("指标"), max_length=40)
    region = models.CharField(_("区划代码"), max_length=12)
    month = models.DateField(_("月份"), null=True, blank=True)
    key = models.CharField(_("分项"), max_length=40, blank=True, default="")
    value = models.BigIntegerField(_("数值"), default=0)

    class Meta:
        verbose_name = _("看板汇总数据")
        verbose_name_plural = _("看板汇总数据")
        # One row per cell, so a fold can upsert it (ON CONFLICT) and two folds never add twice.
        constraints = [
            models.UniqueConstraint(
                fields=["tier", "metric", "region", "month", "key"],
                name="fact_cell_unique",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(fields=["tier", "metric", "month"], name="fact_tier_metric_month_idx"),
            # A county's or township's dashboard: one metric, a code prefix (LIKE '430525%'
            # needs the pattern operator class on PostgreSQL), then the months, all in the index.
            models.Index(
                fields=["tier", "metric", "region", "month"],
                name="fact_tier_metric_region_idx",
                opclasses=[
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "varchar_pattern_ops",
                    "date_ops",
                ],
            ),
        ]

    def __str__(self):
        return f"{self.metric} {self.region} {self.month} {self.key}={self.value}"


class Refresh(models.Model):
    """When each app's figures were last rebuilt, so the page can say how old they are."""

    source = models.CharField(_("数据来源"), max_length=60, unique=True)
    refreshed_at = models.DateTimeField(_("刷新时间"))
    seconds = models.FloatField(_("耗时（秒）"), default=0)
    rows = models.PositiveIntegerField(_("汇总行数"), default=0)

    class Meta:
        verbose_name = _("看板刷新记录")
        verbose_name_plural = _("看板刷新记录")

    def __str__(self):
        return f"{self.source} {self.refreshed_at:%Y-%m-%d %H:%M}"


class DirtyCell(models.Model):
    """The rows of one metric in one region are out of date. Written by database triggers
    (marks.py) in the same transaction as the write that changed them, so bulk imports, COPY
    and queryset updates mark too; taken and deleted by the fold. Region "*" (or metric "*")
    means every region (every metric): a mark that could not be narrowed."""

    metric = models.CharField(_("指标"), max_length=40)
    region = models.CharField(_("区划代码"), max_length=12)
    marked_at = models.DateTimeField(_("标记时间"), db_default=Now())

    class Meta:
        verbose_name = _("待更新的看板数据")
        verbose_name_plural = _("待更新的看板数据")

    def __str__(self):
        return f"{self.metric} {self.region}"
