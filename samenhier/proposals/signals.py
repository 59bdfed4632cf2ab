from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from samenhier.newcomers.models import Household
from samenhier.newcomers.signals import household_left


@receiver(household_left, sender=Household)
def _end_matching(sender: Any, household: Household, **kwargs: Any) -> None:
    from samenhier.proposals.services import household_left as end

    end(household=household)


@receiver(pre_delete, sender=Household)
def _forget_in_runs(sender: Any, instance: Household, **kwargs: Any) -> None:
    """Erasure reaches the stored runs too: the household's profile leaves every snapshot."""
    from samenhier.proposals.services import forget_household

    forget_household(instance.pk)
