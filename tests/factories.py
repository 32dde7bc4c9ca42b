from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from asm_guide.cases.models import Membership, Role, StrategyCase

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyCase

    country_name = "Testland"
    title = factory.Sequence(lambda n: f"Strategy {n}")
    lead_ministry = "Ministry of Mines"
    currency = "USD"
    strategy_start_year = 2026
    horizon_years = 5


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR
