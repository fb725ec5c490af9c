"""The workflows every Guichet ships with, ready to choose on a procedure: a simple request,
an incident report and the terrace permit (the Aix-en-Provence story). Each town adds the
departments it consults; casework/migrations/0008 creates them in a new installation."""

from typing import Any

# (slug, agents' label, citizen's label, final, meaning)
SIMPLE_REQUEST = {
    "name": "Demande simple",
    "slug": "demande-simple",
    "deadline_days": 60,
    "statuses": [
        ("received", "Reçu", "Votre demande a bien été reçue.", False, ""),
        (
            "in_progress",
            "En cours d'instruction",
            "Votre demande est en cours d'examen.",
            False,
            "",
        ),
        ("done", "Traité", "Votre demande a été traitée.", True, ""),
        ("refused", "Refusé", "Votre demande a été refusée.", True, ""),
        (
            "outside",
            "Transmise à un organisme extérieur",
            "Votre demande ne relève pas de la commune : elle a été transmise à l'organisme "
            "compétent, qui vous répondra.",
            True,
            "outside",
        ),
    ],
    "moves": [
        ("received", "in_progress", "agent"),
        ("received", "refused", "agent"),
        ("in_progress", "done", "agent"),
        ("in_progress", "refused", "agent"),
        ("received", "outside", "agent"),
        ("in_progress", "outside", "agent"),
    ],
}

INCIDENT_REPORT = {
    "name": "Signalement",
    "slug": "signalement",
    "deadline_days": 30,
    "statuses": [
        ("new", "Nouveau", "Votre signalement a bien été reçu.", False, ""),
        (
            "acknowledged",
            "Pris en compte",
            "Le service concerné a pris en compte le signalement.",
            False,
            "",
        ),
        ("scheduled", "Intervention programmée", "Une intervention est programmée.", False, ""),
        ("fixed", "Résolu", "Le problème signalé est résolu. Merci de l'avoir signalé.", True, ""),
        (
            "not_competent",
            "Hors compétence",
            "Ce problème ne relève pas de la commune : il a été transmis à l'organisme compétent.",
            True,
            "outside",
        ),
        (
            "duplicate",
            "Doublon",
            "Ce problème était déjà signalé : il est suivi avec le premier signalement.",
            True,
            "",
        ),
    ],
    "moves": [
        ("new", "acknowledged", "agent"),
        ("new", "not_competent", "agent"),
        ("new", "duplicate", "agent"),
        ("acknowledged", "scheduled", "agent"),
        ("acknowledged", "fixed", "agent"),
        ("acknowledged", "not_competent", "agent"),
        ("scheduled", "fixed", "agent"),
    ],
}

TERRACE_PERMIT = {
    "name": "Autorisation de terrasse",
    "slug": "autorisation-terrasse",
    "deadline_days": 60,
    # Occupying the public domain: without an answer in two months, the request is refused.
    "silence_rule": "refusal",
    "decision_required": True,
    "statuses": [
        ("received", "Reçue", "Votre demande a bien été reçue.", False, ""),
        (
            "consultation",
            "En consultation",
            "Votre demande est étudiée par les services de la ville.",
            False,
            "consultation",
        ),
        (
            "blocked",
            "Bloquée",
            "Un point de votre demande doit être réglé : le service vous contactera.",
            False,
            "blocked",
        ),
        (
            "awaiting_decision",
            "En attente de décision",
            "Les services ont donné leur avis : votre demande attend la décision de l'élu.",
            False,
            "awaiting_decision",
        ),
        ("granted", "Accordée", "Votre autorisation de terrasse est accordée.", True, "granted"),
        (
            "refused",
            "Refusée",
            "Votre demande d'autorisation de terrasse est refusée.",
            True,
            "refused",
        ),
        (
            "outside",
            "Transmise à un organisme extérieur",
            "Votre demande ne relève pas de la commune : elle a été transmise à l'organisme "
            "compétent, qui vous répondra.",
            True,
            "outside",
        ),
    ],
    "moves": [
        ("received", "consultation", "agent"),
        ("received", "refused", "agent"),
        ("consultation", "blocked", "system"),
        ("blocked", "consultation", "system"),
        ("consultation", "awaiting_decision", "system"),
        ("blocked", "refused", "agent"),
        ("awaiting_decision", "granted", "elected"),
        ("awaiting_decision", "refused", "elected"),
        ("received", "outside", "agent"),
    ],
}

BUNDLED_WORKFLOWS = [SIMPLE_REQUEST, INCIDENT_REPORT, TERRACE_PERMIT]

# Added after the first release (casework/migrations/0009): the "sent to an outside body"
# status, by workflow, with the moves that lead to it.
OUTSIDE_STATUS = {
    "demande-simple": ("outside", [("received", "agent"), ("in_progress", "agent")]),
    "signalement": ("not_competent", []),
    "autorisation-terrasse": ("outside", [("received", "agent")]),
}


def create_workflow(models: Any, definition: dict[str, Any]) -> Any:
    """Create one bundled workflow with the model classes given (the migration's or the
    current ones); fields those classes do not have are left out."""
    workflow_model, status_model, move_model = models
    known = {field.name for field in workflow_model._meta.get_fields()}
    values = {
        key: value
        for key, value in definition.items()
        if key in known and key not in ("statuses", "moves")
    }
    workflow = workflow_model.objects.create(**values)
    for order, (slug, label, public_label, final, meaning) in enumerate(definition["statuses"]):
        status_model.objects.create(
            workflow=workflow,
            sort_order=order,
            slug=slug,
            label=label,
            public_label=public_label,
            final=final,
            meaning=meaning,
        )
    for order, (source, target, mover) in enumerate(definition["moves"]):
        move_model.objects.create(
            workflow=workflow, sort_order=order, source=source, target=target, mover=mover
        )
    return workflow


def bundled_workflow(slug: str) -> Any:
    """The bundled workflow `slug`, created again if it was deleted."""
    from .models import Workflow, WorkflowStatus, WorkflowTransition  # migration 0008 reads us

    found = Workflow.objects.filter(slug=slug).first()
    if found is not None:
        return found
    definition = next(item for item in BUNDLED_WORKFLOWS if item["slug"] == slug)
    return create_workflow((Workflow, WorkflowStatus, WorkflowTransition), definition)
