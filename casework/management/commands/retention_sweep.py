from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from casework.services.retention import RetentionReport, retention_sweep


class Command(BaseCommand):
    help = (
        "Efface les données personnelles des dossiers clos dont la durée de conservation "
        "est échue (ou les supprime, selon la règle de leur démarche), puis purge le journal "
        "des accès trop ancien. Le même code que la tâche périodique quotidienne."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Dire ce qui serait fait, sans rien changer.",
        )
        parser.add_argument(
            "--as-of",
            metavar="AAAA-MM-JJ",
            help="Avec --dry-run : ce qui serait fait à cette date (par défaut, maintenant).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options["as_of"]:
            if not options["dry_run"]:
                raise CommandError("--as-of ne s'emploie qu'avec --dry-run.")
            try:
                day = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"Date illisible : « {options['as_of']} » (attendu : AAAA-MM-JJ)."
                ) from None
            now = timezone.make_aware(datetime.combine(day, time.max))
        report = retention_sweep(now=now, dry_run=options["dry_run"])
        self._print(report)

    def _print(self, report: RetentionReport) -> None:
        would = report.dry_run
        for due in report.cases:
            action = "supprimer" if due.rule == "delete" else "anonymiser"
            done = "supprimé" if due.rule == "delete" else "anonymisé"
            closed = timezone.localtime(due.closed_at).strftime("%d/%m/%Y")
            self.stdout.write(
                f"{due.reference} ({due.procedure_title}, clos le {closed}, conservation "
                f"{due.retention_months} mois) : " + (f"à {action}" if would else done)
            )
        for reference in report.failed:
            self.stderr.write(f"{reference} : échec, voir le journal des erreurs.")
        cutoff = timezone.localtime(report.access_cutoff).strftime("%d/%m/%Y")
        verb = "à supprimer" if would else "supprimée(s)"
        self.stdout.write(
            f"{'Serait fait' if would else 'Fait'} : {report.anonymised} dossier(s) "
            f"anonymisé(s), {report.deleted} supprimé(s) ; {report.access_events} ligne(s) "
            f"du journal des accès antérieure(s) au {cutoff} {verb}, adresse IP "
            f"{'à effacer' if would else 'effacée'} de {report.addresses} entrée(s) "
            "d'accès du journal d'audit."
        )
