"""The citizen space, under /compte/ (included before Wagtail's catch-all in cms/urls.py)."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inscription/", views.register, name="register"),
    path("inscription/envoyee/", views.register_done, name="register-done"),
    path("activation/<str:token>/", views.verify, name="verify"),
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("profil/", views.profile, name="profile"),
    path("documents/", views.wallet, name="wallet"),
    path("documents/<int:pk>/retirer/", views.wallet_remove, name="wallet-remove"),
    path("mot-de-passe/", views.password_reset, name="password-reset"),
    path("mot-de-passe/envoye/", views.password_reset_done, name="password-reset-done"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        "mot-de-passe/termine/",
        views.password_reset_complete,
        name="password-reset-complete",
    ),
]
