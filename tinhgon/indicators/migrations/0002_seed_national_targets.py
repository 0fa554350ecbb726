"""Seed the national targets (tinhgon/rules/targets.py) so every deployment has them.

Later changes to that table are applied with ``tinhgon seed_targets`` (audited).
"""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from tinhgon.rules.targets import NATIONAL_TARGETS

    Target = apps.get_model("indicators", "Target")
    for spec in NATIONAL_TARGETS:
        Target.objects.get_or_create(
            code=spec.code,
            defaults={
                "description": spec.description,
                "source": spec.source,
                "confidence": spec.confidence,
                "measure": spec.measure,
                "comparison": spec.comparison,
                "target_value": spec.target_value,
                "baseline_date": spec.baseline_date,
                "baseline_value": spec.baseline_value,
                "deadline": spec.deadline,
                "excluded_sectors": list(spec.excluded_sectors),
                "is_national": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
