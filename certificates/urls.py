from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.verify_form, name="verify_form"),
    path("<str:code>/", views.verify, name="verify"),
    path("<str:code>/sertifikat.pdf", views.download, name="download"),
]
