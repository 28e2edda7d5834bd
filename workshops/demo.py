"""Demo places and workshops for a first look. Loading twice changes nothing."""

import datetime
from pathlib import Path

from django.utils import timezone

from courses.models import CoursePage
from workshops import services
from workshops.models import Desa, Registration, Venue, Workshop, WorkshopSession

PLACES_CSV = Path(__file__).resolve().parent / "data" / "kubu_raya_wilayah.csv"

# Venues and workshops named after real desa; sessions are set relative to the
# day the demo is loaded so that "today" has something to show.
WORKSHOPS = [
    {
        "desa": "Sungai Raya",
        "venue": "Balai Desa Sungai Raya",
        "title": "Aman Bermedia Sosial untuk Lansia",
        "capacity": 25,
        "courses": ["waspada-penipuan", "kunci-akun"],
        "session_days": [0, 7],
        "participants": [
            ("Siti Aminah", 1957, "P"),
            ("Ahmad Yani", 1953, "L"),
            ("Rusmini", 1960, "P"),
            ("Abdul Hamid", 1949, "L"),
        ],
    },
    {
        "desa": "Rasau Jaya Umum",
        "venue": "Aula Kantor Desa Rasau Jaya Umum",
        "title": "Mulai Memakai WhatsApp",
        "capacity": 20,
        "courses": ["mulai-whatsapp"],
        "session_days": [14, 21],
        "participants": [("Maryam", 1955, "P"), ("Suparman", 1951, "L")],
    },
]


def load_places():
    return services.places_import_csv(text=PLACES_CSV.read_text(encoding="utf-8"))


def load_workshops():
    today = timezone.localdate()
    created = 0
    for spec in WORKSHOPS:
        if Workshop.objects.filter(title=spec["title"]).exists():
            continue
        desa = Desa.objects.get(name=spec["desa"])
        venue, _created = Venue.objects.get_or_create(
            name=spec["venue"], desa=desa, defaults={"address": f"Desa {desa.name}"}
        )
        workshop = Workshop.objects.create(
            title=spec["title"],
            venue=venue,
            desa=desa,
            capacity=spec["capacity"],
            status=Workshop.Status.OPEN,
            minimum_sessions_for_certificate=len(spec["session_days"]),
        )
        workshop.courses.set(CoursePage.objects.filter(slug__in=spec["courses"]))
        for days in spec["session_days"]:
            WorkshopSession.objects.create(
                workshop=workshop,
                date=today + datetime.timedelta(days=days),
                start_time=datetime.time(9, 0),
                end_time=datetime.time(11, 30),
            )
        for full_name, birth_year, gender in spec["participants"]:
            participant, _created = services.participant_create(
                full_name=full_name, birth_year=birth_year, gender=gender, desa=desa
            )
            services.registration_create(
                workshop=workshop,
                participant=participant,
                registered_by=None,
                source=Registration.Source.PAPER,
            )
        created += 1
    return created
