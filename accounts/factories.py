"""Factories of the accounts app."""

import factory

from accounts.models import StaffProfile


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile
