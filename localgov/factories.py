"""Factories of the reference data: local governments come from the code table, never made up."""

from factory.django import DjangoModelFactory

from localgov.models import LocalGovernment


class LocalGovernmentFactory(DjangoModelFactory):
    """The local government with ``code`` (default 172014, 石川県金沢市) from the code table."""

    code = "172014"

    class Meta:
        model = LocalGovernment

    @classmethod
    def _create(cls, model_class, *args, code, **kwargs):
        return model_class.objects.get(code=code)
