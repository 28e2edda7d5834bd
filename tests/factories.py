import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from workshops.models import (
    Desa,
    Kecamatan,
    Participant,
    Registration,
    Venue,
    Workshop,
    WorkshopSession,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("kata-sandi-uji")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get(name=role))


class KecamatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kecamatan
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"99.01.{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Kecamatan {n}")


class DesaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desa
        django_get_or_create = ("code",)

    kecamatan = factory.SubFactory(KecamatanFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.kecamatan.code}.{n:04d}")
    name = factory.Sequence(lambda n: f"Desa {n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Balai Desa {n}")
    desa = factory.SubFactory(DesaFactory)
    address = "Jalan Desa No. 1"


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Aman Bermedia Sosial {n}")
    venue = factory.SubFactory(VenueFactory)
    desa = factory.SelfAttribute("venue.desa")
    capacity = 20
    status = Workshop.Status.OPEN

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        for user in extracted or ():
            self.facilitators.add(user)


class WorkshopSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopSession

    workshop = factory.SubFactory(WorkshopFactory)
    # Today's, started and over from one minute past midnight in Pontianak: tests
    # run at any hour (17:00 UTC is midnight there), and a session at 09:00 would
    # not have started before 09:00 or ended before 11:00. Tests needing a session
    # still to come or under way give its times.
    date = factory.LazyFunction(timezone.localdate)
    start_time = datetime.time(0, 0)
    end_time = datetime.time(0, 1)

    class Params:
        # Over already, whatever the time of day: certificates may be issued.
        ended = factory.Trait(
            date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=1)
            )
        )


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    full_name = factory.Faker("name", locale="id_ID")
    birth_year = 1958
    gender = Participant.Gender.FEMALE
    desa = factory.SubFactory(DesaFactory)
    phone = "081234567890"
    consent_given_at = factory.LazyFunction(timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    workshop = factory.SubFactory(WorkshopFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = Registration.Status.REGISTERED
    source = Registration.Source.FACILITATOR
