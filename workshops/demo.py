"""Demo places and workshops for a first look. Loading twice changes nothing."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from courses.models import CoursePage
from workshops import services
from workshops.models import (
    Attendance,
    Desa,
    Registration,
    Venue,
    Workshop,
    WorkshopSession,
)

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


# A year of finished workshops, so the reports, the certificate register and the
# verification page have something real-looking to show. Names follow Kubu Raya's
# mix: Malay, Dayak, Madurese, Bugis, Javanese and Chinese-Indonesian. Marks are
# those of the paper sheet, one letter per session: H present, T late, I excused,
# A absent. People born after 1971 are the few under 55 who come along (cadres,
# carers).
SAFE_ONLINE = "Aman Bermedia Sosial untuk Lansia"
WHATSAPP = "Mulai Memakai WhatsApp"
SCAMS = "Waspada Penipuan Daring"
ACCOUNTS = "Kunci Akun Anda"
FAMILY_GROUPS = "Bijak di Grup Keluarga"
PROGRAMME_COURSES = {
    SAFE_ONLINE: ["waspada-penipuan", "kunci-akun"],
    WHATSAPP: ["mulai-whatsapp"],
    SCAMS: ["waspada-penipuan"],
    ACCOUNTS: ["kunci-akun"],
    FAMILY_GROUPS: ["bijak-di-grup-keluarga"],
}
HALL, OFFICE, LONGHOUSE = "Balai Desa", "Aula Kantor Desa", "Rumah Betang"


@dataclass(frozen=True)
class PastWorkshop:
    """A finished workshop of the demo: held `months_ago` in the `venue_kind`
    (HALL, OFFICE, …) of `desa`; `people` one a line: name, year, L/P, marks."""

    months_ago: int
    kecamatan: str
    desa: str
    venue_kind: str
    programme: str
    people: str

    @property
    def title(self):
        return f"{self.programme} – {self.desa}"

    @property
    def venue(self):
        return f"{self.venue_kind} {self.desa}"

    @property
    def courses(self):
        return PROGRAMME_COURSES[self.programme]


HISTORY = [
    PastWorkshop(11, "Sungai Raya", "Kuala Dua", HALL, SAFE_ONLINE, """
        Hj. Siti Rohani, 1955, P, HH
        Abdul Rahman, 1950, L, HH
        Nurhayati, 1958, P, HT
        Syarifah Aminah, 1961, P, HH
        Muhammad Yusuf, 1948, L, AH
        Rosnani, 1963, P, HH
        Sri Wahyuni, 1978, P, HH
        Uray Hasanah, 1957, P, HI
    """),
    PastWorkshop(10, "Sungai Kakap", "Sungai Kakap", OFFICE, WHATSAPP, """
        Mahmud, 1952, L, HH
        Zainab, 1956, P, HH
        Salmah, 1960, P, TH
        Andi Baso, 1954, L, HH
        Hasnah, 1959, P, HH
        Daeng Malik, 1949, L, HA
        Bujang Ismail, 1962, L, HH
    """),
    PastWorkshop(9, "Rasau Jaya", "Rasau Jaya Satu", HALL, SCAMS, """
        Sutarno, 1951, L, HH
        Suparmi, 1955, P, HH
        Ngatiyem, 1947, P, HT
        Slamet Riyadi, 1958, L, HH
        Tukiman, 1953, L, IH
        Sumarni, 1960, P, HH
        Matrawi, 1957, L, HH
        Musyarofah, 1962, P, AA
        Ahmad Fauzi, 1975, L, HH
    """),
    PastWorkshop(8, "Sungai Ambawang", "Korek", LONGHOUSE, WHATSAPP, """
        Yohanes Atan, 1952, L, HH
        Maria Goretti Lenti, 1956, P, HH
        Antonius Ajun, 1950, L, HT
        Agustina Inah, 1959, P, HH
        Paulus Jamin, 1947, L, HH
        Markus Ubek, 1961, L, HH
        Yuliana Dora, 1980, P, HH
        Theresia Suri, 1958, P, TH
    """),
    PastWorkshop(7, "Kuala Mandor B", "Kuala Mandor B", HALL, SAFE_ONLINE, """
        Tjhin Siu Lan, 1954, P, HH
        Bong Kim Fat, 1951, L, HH
        Agustinus Sahat, 1957, L, HA
        Veronika Ijah, 1960, P, HH
        Lim Ah Kiaw, 1949, L, TT
        Yosefina Ungkat, 1963, P, HH
    """),
    PastWorkshop(6, "Teluk Pakedai", "Madura", HALL, SCAMS, """
        Holil, 1953, L, HH
        Sumaiyah, 1957, P, HH
        Marsuki, 1950, L, HT
        Hosniyah, 1961, P, HH
        Fatimah, 1955, P, IA
        Mat Sahri, 1948, L, HH
        Siti Maimunah, 1979, P, HH
    """),
    PastWorkshop(4, "Sungai Raya", "Kuala Dua", HALL, ACCOUNTS, """
        Hj. Siti Rohani, 1955, P, HH
        Abdul Rahman, 1950, L, HT
        Syarifah Aminah, 1961, P, HH
        Rosnani, 1963, P, HH
        Wan Mahdi, 1946, L, HH
        Jamilah, 1959, P, AH
    """),
    PastWorkshop(3, "Batu Ampar", "Padang Tikar Satu", OFFICE, WHATSAPP, """
        Hj. Andi Nurmi, 1954, P, HH
        Muh. Arsyad, 1951, L, HH
        Sitti Rahmah, 1958, P, TH
        Becce, 1947, P, HH
        Andi Pawelloi, 1960, L, HA
        Hamzah, 1956, L, HH
    """),
    PastWorkshop(2, "Sungai Raya", "Sungai Raya Dalam", OFFICE, FAMILY_GROUPS, """
        Lie Mei Lng, 1956, P, HH
        Liu Fung Min, 1952, L, HH
        Tan Ah Moi, 1950, P, HT
        Ng Sui Kiong, 1958, L, HH
        Bun Lie Fa, 1961, P, HH
        Phang Kui Jin, 1977, L, HH
        Kartini, 1955, P, IH
    """),
    PastWorkshop(1, "Sungai Ambawang", "Jawa Tengah", HALL, SAFE_ONLINE, """
        Paijo, 1949, L, HH
        Sumini, 1954, P, HH
        Wagiman, 1957, L, TH
        Suwarni, 1960, P, HH
        Sugeng Riyanto, 1952, L, HA
        Endang Lestari, 1982, P, HH
        Parmin, 1946, L, HH
    """),
]
MARKS = {
    "H": Attendance.Status.PRESENT,
    "T": Attendance.Status.LATE,
    "I": Attendance.Status.EXCUSED,
    "A": Attendance.Status.ABSENT,
}
SESSION_START, SESSION_END = datetime.time(9, 0), datetime.time(11, 30)


def at(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def people_of(past):
    for line in past.people.strip().splitlines():
        name, year, gender, marks = (part.strip() for part in line.rsplit(",", 3))
        yield name, int(year), gender, marks


def _history_person(name, year, gender, desa, *, now):
    # A repeat learner is the same record in her second workshop.
    found = (
        services.participants_matching(full_name=name, birth_year=year, desa=desa)
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    participant, _created = services.participant_create(
        full_name=name, birth_year=year, gender=gender, desa=desa, now=now
    )
    return participant


def past_workshop_load(past, today):
    """Enter one finished workshop of HISTORY as it happened, unless it is there:
    registered a week before, two sessions a week apart, marked on the day.
    Returns the workshop, or None when it was there already."""
    if Workshop.objects.filter(title=past.title).exists():
        return None
    desa = Desa.objects.get(name=past.desa, kecamatan__name=past.kecamatan)
    first_day = today - datetime.timedelta(days=30 * past.months_ago)
    days = [first_day, first_day + datetime.timedelta(days=7)]
    planned = at(first_day - datetime.timedelta(days=7), SESSION_START)
    venue, _created = Venue.objects.get_or_create(
        name=past.venue, desa=desa, defaults={"address": f"Desa {desa.name}"}
    )
    workshop = Workshop.objects.create(
        title=past.title,
        venue=venue,
        desa=desa,
        capacity=25,
        status=Workshop.Status.OPEN,
        minimum_sessions_for_certificate=len(days),
        created_at=planned,
    )
    workshop.courses.set(CoursePage.objects.filter(slug__in=past.courses))
    sessions = [
        WorkshopSession.objects.create(
            workshop=workshop, date=day, start_time=SESSION_START, end_time=SESSION_END
        )
        for day in days
    ]
    registrations = [
        (
            services.registration_create(
                workshop=workshop,
                participant=_history_person(name, year, gender, desa, now=planned),
                registered_by=None,
                source=Registration.Source.PAPER,
                now=planned,
            ),
            marks,
        )
        for name, year, gender, marks in people_of(past)
    ]
    for index, session in enumerate(sessions):
        services.attendance_mark_many(
            marks=[
                (registration, session, MARKS[marks[index]])
                for registration, marks in registrations
            ],
            marked_by=None,
            now=at(session.date, SESSION_END),
        )
    return workshop


def past_workshop_close(workshop):
    """Close the workshop a week after its last session."""
    last = workshop.sessions.order_by("-date").first().date
    services.workshop_close(
        workshop=workshop,
        closed_by=None,
        now=at(last + datetime.timedelta(days=7), SESSION_END),
    )
