from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from casework.generated_cases import generate_cases


class Command(BaseCommand):
    help = (
        "Génère une charge synthétique pour les mesures : services, agents, dossiers et "
        "demandes d'avis, écrits en masse (sans historique ni e-mails). Un second passage "
        "ajoute des dossiers."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cases", type=int, default=10_000, help="dossiers à créer")
        parser.add_argument("--departments", type=int, default=50, help="services générés")
        parser.add_argument("--staff", type=int, default=5_000, help="agents générés")
        parser.add_argument(
            "--open-consultations", type=int, default=0, help="demandes d'avis sans réponse"
        )
        parser.add_argument(
            "--silence-due",
            type=int,
            default=0,
            help="dossiers ouverts dont le délai est échu là où le silence vaut décision",
        )
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args: object, **options: object) -> None:
        verbosity = options["verbosity"]
        try:
            done = generate_cases(
                cases=options["cases"],
                departments=options["departments"],
                staff=options["staff"],
                open_consultations=options["open_consultations"],
                silence_due=options["silence_due"],
                seed=options["seed"],
                progress=self.stdout.write if verbosity > 1 else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        rate = done.cases / done.seconds if done.seconds else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{done.cases} dossier(s) créé(s) en {done.seconds:.1f} s ({rate:.0f}/s), "
                f"{done.first_reference} à {done.last_reference}"
            )
        )
        self.stdout.write(
            f"  {done.permissions} permission(s) d'objet, "
            f"{done.consultations} demande(s) d'avis ouverte(s) dont "
            f"{done.overdue_consultations} en retard, "
            f"{done.silence_due} dossier(s) à décider par le silence"
        )
        self.stdout.write(
            f"  {done.departments} service(s) et {done.staff} agent(s) ajouté(s) "
            f"({len(done.department_ids)} services générés en tout)"
        )
