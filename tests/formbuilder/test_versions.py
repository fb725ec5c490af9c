import pytest

from formbuilder.models import FormDefinition, FormVersion
from tests.formbuilder.test_compiler import QUESTIONS


@pytest.fixture
def definition(db):
    definition = FormDefinition(name="Inscription", fields=QUESTIONS)
    definition.save()
    return definition


def test_publishing_in_wagtail_freezes_a_version(definition):
    definition.save_revision().publish()
    version = definition.current_version
    assert version.number == 1
    assert version.schema["properties"]["nom"]["title"] == "Nom"


def test_publishing_unchanged_questions_does_not_make_a_new_version(definition):
    definition.save_revision().publish()
    definition.save_revision().publish()
    assert definition.versions.count() == 1


def test_editing_the_draft_never_changes_a_published_version(definition):
    definition.save_revision().publish()
    first = definition.current_version
    definition.fields = [
        *QUESTIONS,
        (
            "long_text",
            {"label": "Remarques", "name": "remarques", "required": False, "max_length": 100},
        ),
    ]
    definition.save_revision()  # a draft, not published
    assert definition.versions.count() == 1
    definition.save_revision().publish()
    assert definition.current_version.number == 2
    first.refresh_from_db()
    assert "remarques" not in first.schema["properties"]


def test_a_published_version_cannot_be_rewritten(definition):
    definition.save_revision().publish()
    version = FormVersion.objects.get(definition=definition)
    version.schema = {}
    with pytest.raises(ValueError):
        version.save()
