"""Why a pasted JSON Schema is refused, and where: a French message and a JSON pointer."""

from typing import Any

from django.utils.translation import gettext as _

from .refs import Location


class SchemaRefused(Exception):
    """A schema (or UI schema) outside the supported subset, with a French message.

    `pointer` is an RFC 6901 JSON pointer ("" for the root) into `document`, which is
    "schema" or "ui_schema".
    """

    def __init__(self, keyword: str, pointer: str, reason: str, document: str = "schema") -> None:
        self.keyword = keyword
        self.pointer = pointer
        self.document = document
        if document == "schema":
            where = pointer or _("la racine du schéma")
        else:
            where = (
                _("%(pointer)s du schéma d'affichage") % {"pointer": pointer}
                if pointer
                else _("la racine du schéma d'affichage")
            )
        self.message = _("%(reason)s (à %(where)s).") % {"reason": reason, "where": where}
        super().__init__(self.message)


def json_pointer(location: Location | list[Any]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in location)
