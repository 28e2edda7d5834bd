from django.urls import path

from cards import views

app_name = "cards"

urlpatterns = [
    path("kartu/", views.card_form, name="card_form"),
    path("kartu/<str:code>/", views.resident, name="resident"),
    path(
        "fasilitator/sesi/<int:session_pk>/kartu/",
        views.check_in,
        name="check_in",
    ),
    path(
        "fasilitator/sesi/<int:session_pk>/kartu/datang-langsung/",
        views.check_in_walk_in,
        name="check_in_walk_in",
    ),
    path(
        "fasilitator/lokakarya/<int:pk>/kartu-peserta.pdf",
        views.workshop_cards,
        name="workshop_cards",
    ),
    path(
        "fasilitator/desa/<int:pk>/kartu-peserta.pdf",
        views.desa_cards,
        name="desa_cards",
    ),
    path(
        "fasilitator/peserta/<int:participant_pk>/kartu/",
        views.participant_card,
        name="participant_card",
    ),
]
