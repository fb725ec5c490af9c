"""Walk a procedure as a citizen's browser does: start, fill each step, check, send."""

from typing import Any

from django.test import Client


class Citizen:
    def __init__(self, client: Client, page: Any) -> None:
        self.client, self.page = client, page

    def url(self, step: str) -> str:
        return f"{self.page.url}formulaire/{step}/"

    def start(self) -> Any:
        """Press "Commencer la démarche" and land on the first step."""
        response = self.client.post(f"{self.page.url}demarrer/", follow=True)
        assert response.status_code == 200
        return response

    def fill(self, step: str, answers: dict[str, Any], **extra: Any) -> Any:
        return self.client.post(self.url(step), {"guichet-current_step": step, **answers, **extra})

    def send(self) -> Any:
        """Press "Envoyer ma demande" on the summary and follow to the confirmation."""
        return self.client.post(
            self.url("recapitulatif"), {"guichet-current_step": "recapitulatif"}, follow=True
        )

    def submit(self, *steps: dict[str, Any]) -> Any:
        self.start()
        for index, answers in enumerate(steps, start=1):
            response = self.fill(f"etape-{index}", answers)
            assert response.status_code == 302, response.content.decode()[-2000:]
        return self.send()
