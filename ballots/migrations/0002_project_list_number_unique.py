"""One list number per place on a congress's yearly candidate list.

Before this, `project_screen` numbered a shortlisted project as "count + 1" without a lock, so
two screenings at once could give the same number. Any such duplicates are renumbered first:
the earliest project (lowest id) keeps the number, the others get the next free numbers after
the list's highest, in id order."""

from django.db import migrations, models
from django.db.models import Count, Max


def renumber_duplicates(apps, schema_editor):
    Project = apps.get_model("ballots", "LivelihoodProject")
    twice = (
        Project.objects.filter(list_number__isnull=False)
        .values("congress_id", "year", "list_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    for group in twice:
        rows = Project.objects.filter(
            congress_id=group["congress_id"], year=group["year"], list_number=group["list_number"]
        ).order_by("id")
        top = Project.objects.filter(congress_id=group["congress_id"], year=group["year"]).aggregate(
            m=Max("list_number")
        )["m"]
        for offset, project in enumerate(list(rows)[1:], start=1):
            Project.objects.filter(pk=project.pk).update(list_number=top + offset)


class Migration(migrations.Migration):
    dependencies = [
        ("ballots", "0001_initial"),
        ("congress", "0004_api_tokens"),
    ]

    operations = [
        migrations.RunPython(renumber_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="livelihoodproject",
            constraint=models.UniqueConstraint(
                fields=("congress", "year", "list_number"), name="project_list_number_unique"
            ),
        ),
    ]
