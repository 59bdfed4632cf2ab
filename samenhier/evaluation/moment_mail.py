"""The mails of an evaluation moment: who is asked, in which language, through which link.

Mails name the household by its reference only; the newcomer's mail names nothing at all. A
newcomer without an e-mail address is not forgotten: their community builder is told that the
questions wait for an interview or for a link passed on by hand.
"""

from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.evaluation.answering import LINK_DAYS
from samenhier.evaluation.models import Moment, Response
from samenhier.journeys.models import ContactPerson, Journey
from samenhier.journeys.parties import Party
from samenhier.mail import addressed, people_in_city, tell_with
from samenhier.newcomers.models import Household

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

ASKED = _("Evaluation of journey %(reference)s: your answers, please")
REMINDED = _("Reminder: the evaluation of journey %(reference)s")
NEWCOMER_ASKED = _("How are you doing? A few questions about your year")
NEWCOMER_REMINDED = _("Reminder: a few questions about your year")
WAITS = _("The newcomer of journey %(reference)s can answer the evaluation")


def newcomer_language(household: Household) -> str:
    """The first of the household's languages the interface speaks, else the default."""
    spoken = dict(settings.LANGUAGES)
    return next((code for code in household.languages or [] if code in spoken), "nl")


def builders_of(journey: Journey) -> list[User]:
    """The journey's own community builder, else every community builder of its city."""
    appointed = (
        ContactPerson.objects.filter(journey=journey, party=Party.COMMUNITY_BUILDER)
        .select_related("person")
        .first()
    )
    if appointed is not None and appointed.person.is_active:
        return [appointed.person]
    return list(people_in_city(Role.COMMUNITY_BUILDER, journey.household.city_id))


def _link(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def personal_link(secret: str) -> str:
    """The address of the newcomer's personal link."""
    return _link("evaluation:answer_link", secret)


def tell_respondents(moment: Moment, responses: Iterable[Response], reminder: bool) -> None:
    reference = moment.journey.household.reference
    for response in responses:
        if response.respondent is None:
            continue
        tell_with(
            addressed([response.respondent]),
            subject=REMINDED if reminder else ASKED,
            template="evaluation/email/asked.txt",
            reference=reference,
            months=moment.months,
            due_on=moment.due_on,
            reminder=reminder,
            link=_link("evaluation:answer", response.pk),
        )


def ask_newcomer(moment: Moment, response: Response, reminder: bool) -> None:
    """A personal link to the household's e-mail; without one, the community builder is
    told that the questionnaire waits for an interview or for a link they pass on."""
    household = moment.journey.household
    if household.email:
        secret = response.new_link(LINK_DAYS)
        response.save(update_fields=["link_hash", "link_expires_at"])
        tell_with(
            [(household.email, newcomer_language(household))],
            subject=NEWCOMER_REMINDED if reminder else NEWCOMER_ASKED,
            template="evaluation/email/newcomer_link.txt",
            link=personal_link(secret),
            expires_on=timezone.localtime(response.link_expires_at, AMSTERDAM).date()
            if response.link_expires_at
            else None,
            reminder=reminder,
        )
        return
    tell_with(
        addressed(builders_of(moment.journey)),
        subject=WAITS,
        template="evaluation/email/newcomer_waits.txt",
        reference=household.reference,
        months=moment.months,
        reminder=reminder,
        link=_link("evaluation:moment", moment.pk),
    )
