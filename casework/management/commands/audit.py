from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casework.audit_verify import chain_verify
from casework.history import Via, acting_as_system
from casework.services.journal import journal_daily_digest


class Command(BaseCommand):
    help = (
        "Journal d'audit. « verify » recalcule les empreintes de chaque entrée et la chaîne, "
        "et signale le premier maillon rompu (code de sortie 1) ; « digest » enregistre "
        "l'empreinte du jour de la tête de chaîne."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        verify = actions.add_parser("verify", help="Vérifier la chaîne d'empreintes.")
        verify.add_argument(
            "--batch-size", type=int, default=2000, help="Maillons lus par requête."
        )
        actions.add_parser("digest", help="Enregistrer l'empreinte quotidienne.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "digest":
            with acting_as_system("Commande : empreinte quotidienne", channel=Via.COMMAND):
                digest = journal_daily_digest()
            self.stdout.write(
                f"Empreinte du {digest.day:%d/%m/%Y} : maillon {digest.seq}, {digest.head_hash}"
            )
            return
        if options["batch_size"] < 1:
            raise CommandError("La taille de lot doit être un entier positif.")
        verdict = chain_verify(batch_size=options["batch_size"])
        rate = f"{verdict.rate:,.0f}".replace(",", " ")
        if verdict.broken is not None:
            self.stdout.write(
                f"{verdict.checked} entrée(s) vérifiée(s) avant la rupture, {rate} lignes/s."
            )
            raise CommandError(f"Chaîne rompue — {verdict.broken}")
        excused = (
            f" (dont {verdict.excused} expurgée(s) par la conservation)" if verdict.excused else ""
        )
        self.stdout.write(f"chaîne intacte : {verdict.checked} entrées{excused}")
        self.stdout.write(f"{rate} lignes/s ({verdict.seconds:.2f} s)")
