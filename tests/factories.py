"""factory-boy factories for the objects tests build beyond the demo city."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from casework.models import Department

PASSWORD = "mot-de-passe-de-test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"personne{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@exemple.fr")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):  # noqa: ANN001
        if create and extracted:
            self.groups.add(*extracted)
        if create:
            self.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    group = factory.LazyAttribute(lambda d: Group.objects.get_or_create(name=f"Groupe {d.name}")[0])
