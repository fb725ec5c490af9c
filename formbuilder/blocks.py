"""The StreamField of questions that communications staff edit in the Wagtail admin."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from .compiler import FormConfigError, compile_form
from .fields import all_kinds
from .fields.registry import machine_name


class FormFieldsBlock(blocks.StreamBlock):
    """One child block per registered field kind.

    Cleaning fills in machine names (and option values) left blank, once, so that they
    survive later label edits, and refuses duplicates, naming the block at fault.
    """

    def __init__(self, **kwargs: Any) -> None:
        kinds = sorted(all_kinds(), key=lambda kind: (kind.menu_order, kind.name))
        super().__init__(local_blocks=[(kind.name, kind.block()) for kind in kinds], **kwargs)

    def clean(self, value: Any) -> Any:
        cleaned = super().clean(value)
        errors: dict[int, ValidationError] = {}
        seen: dict[str, int] = {}
        for index, child in enumerate(cleaned):
            child_value = child.value
            if "name" not in child_value.keys():
                continue  # a layout block: no answer, no name
            name = child_value.get("name") or machine_name(child_value["label"])
            child_value["name"] = name
            if name in seen:
                message = _(
                    "Le nom technique « %(name)s » est déjà utilisé par la question %(other)d."
                )
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "name": ValidationError(message % {"name": name, "other": seen[name] + 1})
                    }
                )
                continue
            seen[name] = index
            option_error = _clean_options(child_value)
            if option_error:
                errors[index] = option_error
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        try:
            compile_form(title="", fields=cleaned)
        except FormConfigError as refusal:
            raise StreamBlockValidationError(
                block_errors={
                    index: StructBlockValidationError(
                        block_errors={
                            block_field: ValidationError(message)
                            for block_field, message in messages.items()
                            if block_field
                        },
                        non_block_errors=[m for f, m in messages.items() if not f] or None,
                    )
                    for index, messages in refusal.errors.items()
                }
            ) from refusal
        return cleaned


def _clean_options(child_value: Any) -> ValidationError | None:
    options = child_value.get("options")
    if options is None:
        return None
    values: set[str] = set()
    option_errors: dict[int, ValidationError] = {}
    for index, option in enumerate(options):
        option["value"] = option.get("value") or machine_name(option["label"])
        if option["value"] in values:
            option_errors[index] = StructBlockValidationError(
                block_errors={
                    "value": ValidationError(
                        _("La valeur « %(value)s » est déjà utilisée par une autre option.")
                        % {"value": option["value"]}
                    )
                }
            )
        values.add(option["value"])
    if option_errors:
        return StructBlockValidationError(
            block_errors={"options": ListBlockValidationError(block_errors=option_errors)}
        )
    return None
