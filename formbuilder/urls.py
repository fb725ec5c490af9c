from django.urls import path

from .views.uploads import upload

app_name = "formbuilder"
urlpatterns = [path("televersements/<str:token>/", upload, name="upload")]
