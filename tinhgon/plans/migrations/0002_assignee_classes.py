"""The dated table of assignee classes, stored as data with its legal basis (see
``tinhgon.plans.assignee_classes``)."""

from django.db import migrations

from tinhgon.plans.assignee_classes import load


def forward(apps, schema_editor):
    load(apps.get_model("plans", "AssigneeClass"), apps.get_model("plans", "AssigneeClassRule"))


def unload(apps, schema_editor):
    apps.get_model("plans", "AssigneeClassRule").objects.all().delete()
    apps.get_model("plans", "AssigneeClass").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_plans_tasks_assignments_reports")]
    operations = [migrations.RunPython(forward, unload)]
