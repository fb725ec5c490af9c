"""The bundled workflows (casework/bundled_workflows.py) exist in every new installation."""

from django.db import migrations

from casework.bundled_workflows import BUNDLED_WORKFLOWS, create_workflow


def add_bundled_workflows(apps, schema_editor):
    models = tuple(
        apps.get_model("casework", name)
        for name in ("Workflow", "WorkflowStatus", "WorkflowTransition")
    )
    for definition in BUNDLED_WORKFLOWS:
        if not models[0].objects.filter(slug=definition["slug"]).exists():
            create_workflow(models, definition)


class Migration(migrations.Migration):
    dependencies = [("casework", "0007_workflows_consultations_decisions")]

    operations = [migrations.RunPython(add_bundled_workflows, migrations.RunPython.noop)]
