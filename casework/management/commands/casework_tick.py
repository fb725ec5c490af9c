from django.core.management.base import BaseCommand

from casework.history import Via
from casework.services.sweeps import tick


class Command(BaseCommand):
    help = (
        "Décide les dossiers dont le délai est échu quand le silence vaut décision, puis "
        "relance les services en retard. Le même code que la tâche périodique Celery."
    )

    def handle(self, *args: object, **options: object) -> None:
        done = tick(via=Via.COMMAND)
        self.stdout.write(
            f"{done['decided']} dossier(s) décidé(s) par le silence, "
            f"{done['reminded']} service(s) relancé(s)."
        )
