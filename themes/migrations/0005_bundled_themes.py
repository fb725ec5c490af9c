"""The bundled themes (themes/bundled.py) exist in every new installation."""

from django.db import migrations

from themes.bundled import BUNDLED_THEMES


def add_bundled_themes(apps, schema_editor):
    Theme = apps.get_model("themes", "Theme")
    # Only the fields this migration's Theme has: the bundled values may grow later.
    known = {field.name for field in Theme._meta.get_fields()}
    for values in BUNDLED_THEMES:
        if not Theme.objects.filter(name=values["name"]).exists():
            Theme.objects.create(**{key: v for key, v in values.items() if key in known})


class Migration(migrations.Migration):
    dependencies = [("themes", "0004_theme_assets_links_contact_map")]

    operations = [migrations.RunPython(add_bundled_themes, migrations.RunPython.noop)]
