"""The default workflow of a simple request: statuses, public labels, allowed moves."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Status:
    slug: str
    label: str
    public_label: str
    final: bool = False


@dataclass(frozen=True)
class Workflow:
    statuses: tuple[Status, ...]
    transitions: dict[str, tuple[str, ...]]
    initial: str

    def status(self, slug: str) -> Status:
        for status in self.statuses:
            if status.slug == slug:
                return status
        raise KeyError(slug)

    def next_statuses(self, slug: str) -> list[Status]:
        return [self.status(target) for target in self.transitions.get(slug, ())]

    def allows(self, source: str, target: str) -> bool:
        return target in self.transitions.get(source, ())


SIMPLE_REQUEST = Workflow(
    statuses=(
        Status("received", _("Reçu"), _("Votre demande a bien été reçue.")),
        Status(
            "in_progress", _("En cours d'instruction"), _("Votre demande est en cours d'examen.")
        ),
        Status("done", _("Traité"), _("Votre demande a été traitée."), final=True),
        Status("refused", _("Refusé"), _("Votre demande a été refusée."), final=True),
    ),
    transitions={
        "received": ("in_progress", "refused"),
        "in_progress": ("done", "refused"),
    },
    initial="received",
)


def workflow_for(case: object) -> Workflow:
    return SIMPLE_REQUEST
