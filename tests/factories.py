import datetime

import factory

from cmcoord.models import Membership, Operation, Organization, User


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    type = Organization.Type.INGO


class OperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operation
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Operation {n}")
    code = factory.Sequence(lambda n: "OP" + "".join(chr(65 + int(d)) for d in str(n)))
    country = "Mozambique"
    context = Operation.Context.NATURAL_DISASTER
    start_date = datetime.date(2026, 3, 14)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    organization = factory.SubFactory(OrganizationFactory)
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    operation = factory.SubFactory(OperationFactory)
    role = "requester"

    @factory.post_generation
    def _force_group(obj, create, extracted, **kwargs):
        """As membership_set does: a liaison officer joins their force's group of the operation."""
        if create:
            from cmcoord.permissions import sync_force_group

            sync_force_group(operation=obj.operation, user=obj.user, role=obj.role)
