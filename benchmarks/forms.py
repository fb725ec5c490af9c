"""Form builder figures (issue: JSON-schema forms).

    python -m benchmarks.forms

Prints: publishing a 200-question form with 30 conditions; cached validator against
jsonschema.validate on a 100-question submission; rendering a 50-question step.
Runs against the configured database (the demo SQLite file by default, or DATABASE_URL)
inside a transaction that is rolled back, so it leaves nothing behind.
"""

from benchmarks._setup import median_ms, setup, timed

setup()

import jsonschema  # noqa: E402
from django.db import transaction  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from formbuilder.blocks import FormFieldsBlock  # noqa: E402
from formbuilder.compiler import compile_form  # noqa: E402
from formbuilder.models import FormDefinition  # noqa: E402
from formbuilder.rendering import form_class_for  # noqa: E402
from formbuilder.validation import answer_errors, validator_for  # noqa: E402

KINDS = ["short_text", "integer", "choice", "date", "email", "yes_no", "long_text", "decimal"]


def question_blocks(count: int, conditions: int) -> list[dict]:
    """Editor stream data: `count` questions, `conditions` of them shown only when ..."""
    stream = []
    for index in range(count):
        kind = KINDS[index % len(KINDS)]
        value = {
            "label": f"Question {index}",
            "name": f"q{index}",
            "help_text": "",
            "required": True,
        }
        if kind == "choice":
            value.update(
                widget="radio",
                allow_other=False,
                options=[{"label": "Oui", "value": "oui"}, {"label": "Non", "value": "non"}],
            )
        if kind == "yes_no":
            value["widget"] = "radio"
        if (
            index
            and index % (count // conditions) == 0
            and len([b for b in stream if b["value"].get("visible_when")]) < conditions
        ):
            value["visible_when"] = {
                "combine": "all",
                "rules": [{"field": "q2", "op": "equals", "value": "oui"}],
            }
        stream.append({"type": kind, "value": value})
    return stream


def answers_for(count: int) -> dict:
    samples = {
        "short_text": "Dupont",
        "integer": 3,
        "choice": "oui",
        "date": "1990-07-14",
        "email": "a@exemple.fr",
        "yes_no": True,
        "long_text": "Texte",
        "decimal": 2.5,
    }
    return {f"q{i}": samples[KINDS[i % len(KINDS)]] for i in range(count)}


def publish_200() -> list[float]:
    stream = question_blocks(200, 30)
    block = FormFieldsBlock()
    durations = []
    for round_ in range(5):
        with transaction.atomic():

            def publish(round_: int = round_) -> None:
                value = block.clean(block.to_python(stream))  # the editor's save checks
                definition = FormDefinition(name=f"Bench {round_}", fields=value)
                definition.save()
                definition.save_revision().publish()  # compile, check, freeze the version
                assert definition.versions.count() == 1

            durations += timed(publish, 1)
            transaction.set_rollback(True)
    return durations


def validation_speed() -> tuple[float, float]:
    block = FormFieldsBlock()
    compiled = compile_form(
        title="Bench", fields=block.clean(block.to_python(question_blocks(100, 1)))
    )
    answers = answers_for(100)
    schema = compiled.schema
    validator_for(schema, compiled.checksum)
    assert answer_errors(schema, compiled.ui_schema, answers, key=compiled.checksum) == {}
    runs = 200
    cached = timed(
        lambda: list(validator_for(schema, compiled.checksum).iter_errors(answers)), runs
    )
    uncached = timed(
        lambda: jsonschema.validate(answers, schema, format_checker=jsonschema.FormatChecker()),
        runs,
    )
    return sum(cached) / runs, sum(uncached) / runs


def render_50() -> list[float]:
    stream = question_blocks(50, 5)
    block = FormFieldsBlock()
    value = block.clean(block.to_python(stream))
    compiled = compile_form(title="Bench", fields=value)

    def render() -> None:
        form = form_class_for(compiled.schema, compiled.ui_schema)()
        render_to_string("formbuilder/form_fields.html", {"form": form})

    render()
    return timed(render, 100)


def step_request_50() -> list[float]:
    """Whole server time of GET <procedure>/formulaire/etape-1/ for a 50-question step:
    routing, session, draft, wizard, rendering, in-process (no network), in a transaction
    rolled back afterwards."""
    from django.test import Client

    from casework.models import Department
    from cms.models import ProcedureIndexPage, ProcedurePage
    from fixtures.demo_city import load_demo_city

    durations: list[float] = []
    with transaction.atomic():
        load_demo_city()
        block = FormFieldsBlock()
        definition = FormDefinition(
            name="Bench 50", fields=block.clean(block.to_python(question_blocks(50, 5)))
        )
        definition.save()
        definition.save_revision().publish()
        page = ProcedurePage(
            title="Bench 50",
            slug="bench-50",
            form=definition,
            department=Department.objects.first(),
        )
        ProcedureIndexPage.objects.first().add_child(instance=page)
        page.save_revision().publish()
        client = Client(HTTP_HOST="localhost")
        client.post(f"{page.url}demarrer/")
        url = f"{page.url}formulaire/etape-1/"
        assert client.get(url).status_code == 200
        durations = timed(lambda: client.get(url), 100)
        transaction.set_rollback(True)
    return durations


if __name__ == "__main__":
    publishing = publish_200()
    print(
        f"publish 200 questions / 30 conditions: median {median_ms(publishing):.0f} ms "
        f"(max {max(publishing) * 1000:.0f} ms, {len(publishing)} runs; target < 1000 ms)"
    )
    cached, uncached = validation_speed()
    print(
        f"validate 100 answers: cached validator {cached * 1e6:.0f} µs, jsonschema.validate "
        f"{uncached * 1e6:.0f} µs -> {uncached / cached:.0f}x faster (target >= 20x)"
    )
    rendering = render_50()
    print(f"render a 50-question step (form only): median {median_ms(rendering):.1f} ms")
    request = step_request_50()
    print(
        f"serve a 50-question step page (whole request, in-process): median "
        f"{median_ms(request):.1f} ms (target < 50 ms)"
    )
