"""Is a workflow usable? The problems of a definition, in French, before it is saved."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from .workflow import Move, Status
from .workflow_choices import StatusMeaning


def workflow_problems(
    statuses: list[Status],
    moves: Iterable[Move],
    *,
    decision_required: bool,
    consults: bool,
) -> list[str]:
    """Every reason this definition cannot run cases; empty when it can."""
    moves = list(moves)
    slugs = [status.slug for status in statuses]
    if not statuses:
        return [_("Un circuit a au moins un statut.")]
    problems = []
    doubles = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if doubles:
        problems.append(_("Nom interne en double : %(slugs)s.") % {"slugs": ", ".join(doubles)})
    if not any(status.final for status in statuses):
        problems.append(_("Aucun statut final : un dossier ne pourrait jamais être clos."))
    for move in moves:
        missing = [slug for slug in (move.source, move.target) if slug not in slugs]
        if missing:
            problems.append(
                _(
                    "Le passage de « %(source)s » vers « %(target)s » nomme un statut qui "
                    "n'existe pas : %(missing)s."
                )
                % {"source": move.source, "target": move.target, "missing": ", ".join(missing)}
            )
    unreachable = [slug for slug in slugs if slug not in _reachable(slugs[0], moves)]
    if unreachable:
        problems.append(
            _("Statut jamais atteint depuis « %(first)s » : %(slugs)s.")
            % {"first": slugs[0], "slugs": ", ".join(unreachable)}
        )
    problems += _meaning_problems(statuses, decision_required=decision_required, consults=consults)
    return problems


def _reachable(first: str, moves: list[Move]) -> set[str]:
    seen, frontier = {first}, [first]
    while frontier:
        current = frontier.pop()
        for move in moves:
            if move.source == current and move.target not in seen:
                seen.add(move.target)
                frontier.append(move.target)
    return seen


def _meaning_problems(
    statuses: list[Status], *, decision_required: bool, consults: bool
) -> list[str]:
    meanings = [status.meaning for status in statuses if status.meaning]
    problems = []
    doubles = sorted({meaning for meaning in meanings if meanings.count(meaning) > 1})
    if doubles:
        problems.append(
            _("Un seul statut par rôle dans le circuit ; en double : %(roles)s.")
            % {"roles": _labels(doubles)}
        )
    needed = []
    if consults or "consultation" in meanings:
        needed += ["consultation", "blocked"]
    if decision_required:
        needed += ["awaiting_decision", "granted", "refused"]
    missing = [meaning for meaning in dict.fromkeys(needed) if meaning not in meanings]
    if missing:
        problems.append(
            _("Il manque un statut avec le rôle : %(roles)s.") % {"roles": _labels(missing)}
        )
    for status in statuses:
        if status.meaning in ("granted", "refused", "outside") and not status.final:
            problems.append(
                _(
                    "Le statut « %(slug)s » (accordé, refusé ou transmis à l'extérieur) "
                    "doit être final."
                )
                % {"slug": status.slug}
            )
    return problems


def _labels(meanings: list[str]) -> str:
    return ", ".join(f"« {StatusMeaning(meaning).label} »" for meaning in meanings)
