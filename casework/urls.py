from django.contrib.auth import views as auth_views
from django.urls import path

from .statistics import views as statistics_views
from .views import (
    audit,
    backoffice,
    consultations,
    following,
    handling,
    notes,
    on_behalf,
    tracking,
)
from .views import queue as queue_views

backoffice_patterns = (
    [
        path(
            "connexion/",
            auth_views.LoginView.as_view(template_name="casework/backoffice/login.html"),
            name="login",
        ),
        path(
            "deconnexion/",
            auth_views.LogoutView.as_view(next_page="backoffice:login"),
            name="logout",
        ),
        path("", queue_views.queue, name="queue"),
        path("vues/", queue_views.view_save, name="queue-view-save"),
        path("vues/<int:pk>/supprimer/", queue_views.view_delete, name="queue-view-delete"),
        path("actions/", queue_views.bulk_action, name="queue-bulk"),
        path("exports/", queue_views.exports, name="queue-exports"),
        path("exports/nouveau/", queue_views.export_start, name="queue-export-start"),
        path(
            "exports/<int:pk>/fichier/",
            queue_views.export_download,
            name="queue-export-download",
        ),
        path("saisie/", on_behalf.on_behalf, name="on-behalf"),
        path("audit/", audit.timeline, name="audit"),
        path(
            "audit/objet/<str:object_type>/<str:object_id>/",
            audit.object_history,
            name="audit-object",
        ),
        path("audit/personne/<int:user_id>/", audit.person_view, name="audit-person"),
        path("statistiques/", statistics_views.statistics_page, name="statistics"),
        path("dossiers/<str:reference>/", backoffice.case_detail, name="case"),
        path(
            "dossiers/<str:reference>/statut/",
            backoffice.case_transition_view,
            name="case-transition",
        ),
        path(
            "dossiers/<str:reference>/historique/",
            backoffice.case_history_view,
            name="case-history",
        ),
        path(
            "dossiers/<str:reference>/messages/",
            backoffice.case_message_view,
            name="case-message",
        ),
        path(
            "dossiers/<str:reference>/avis/",
            consultations.request_opinions,
            name="case-request-opinions",
        ),
        path(
            "dossiers/<str:reference>/avis/<int:pk>/",
            consultations.give_opinion,
            name="case-give-opinion",
        ),
        path(
            "dossiers/<str:reference>/avis/<int:pk>/piece-jointe/",
            consultations.opinion_attachment,
            name="case-opinion-attachment",
        ),
        path("dossiers/<str:reference>/decision/", consultations.decide, name="case-decide"),
        path("dossiers/<str:reference>/attribution/", handling.assign, name="case-assign"),
        path("dossiers/<str:reference>/notes/", notes.add_note, name="case-note"),
        path("dossiers/<str:reference>/transfert/", handling.transfer, name="case-transfer"),
        path(
            "dossiers/<str:reference>/transmission/",
            handling.transfer_outside,
            name="case-transfer-outside",
        ),
        path(
            "dossiers/<str:reference>/fichiers/<str:token>/",
            backoffice.case_file,
            name="case-file",
        ),
    ],
    "backoffice",
)

tracking_patterns = (
    [
        path("", tracking.lookup, name="lookup"),
        path("signalements/suivre/<str:token>/", following.follow, name="follow"),
        path("signalements/ne-plus-suivre/<str:token>/", following.unfollow, name="unfollow"),
        path("<str:code>/", tracking.case, name="case"),
        path("<str:code>/recepisse.pdf", tracking.receipt, name="receipt"),
        path("<str:code>/decision.pdf", tracking.decision_letter, name="decision-letter"),
    ],
    "tracking",
)
