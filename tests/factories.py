import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from workshops.models import Desa, Kecamatan


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
