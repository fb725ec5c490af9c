from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from casework.statistics.services import case_facts_refresh


class Command(BaseCommand):
    help = (
        "Met à jour les faits statistiques à partir des dossiers modifiés depuis le dernier "
        "passage (tous avec --full). Les faits des dossiers supprimés sont gardés."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--full",
            action="store_true",
            help="relire tous les dossiers, pas seulement les modifiés",
        )

    def handle(self, *args: object, **options: object) -> None:
        done = case_facts_refresh(full=bool(options["full"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Statistiques à jour : {done.cases} dossier(s) et "
                f"{done.consultations} demande(s) d'avis relus" + (" (tous)." if done.full else ".")
            )
        )
