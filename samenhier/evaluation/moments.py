"""Evaluation moments: scheduled from arrival, opened shortly before they are due, reminded once.

The daily worker (journeys.tasks) calls `daily(now)`. A moment falls so many whole months after
the day of arrival (Programme.evaluation_months); moving the arrival moves the moments that
have not opened yet. Opening a moment asks everyone once: each current group member with an
account, each partner's contact person in the journey, and the newcomer only while the
household consents to evaluation and still takes part. A journey whose arrival was recorded
late opens only its latest due moment: the ones before it are skipped, not all sent at once.
Mails name the household by its reference only; the newcomer's mail names nothing at all.
"""

import calendar
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenhier.accounts.models import User
from samenhier.accounts.roles import Role
from samenhier.evaluation.answering import LINK_DAYS, newcomer_may_answer
from samenhier.evaluation.models import Moment, QuestionnaireVersion, Response
from samenhier.evaluation.vocabularies import AUDIENCES, PARTNER_AUDIENCES, ResponseMode
from samenhier.groups.models import Member
from samenhier.journeys.closing import has_arrived
from samenhier.journeys.models import ContactPerson, Journey
from samenhier.journeys.parties import Party
from samenhier.mail import addressed, people_in_city, tell_with
from samenhier.network.models import Programme
from samenhier.newcomers.lifecycle import CLOSED, HouseholdStage
from samenhier.newcomers.models import Household

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

ASKED = _("Evaluation of journey %(reference)s: your answers, please")
REMINDED = _("Reminder: the evaluation of journey %(reference)s")
NEWCOMER_ASKED = _("How are you doing? A few questions about your year")
NEWCOMER_REMINDED = _("Reminder: a few questions about your year")
WAITS = _("The newcomer of journey %(reference)s can answer the evaluation")


# --- dates --------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the 31st of a shorter month becomes its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def arrival_day(journey: Journey) -> date | None:
    """The calendar day of arrival in the Netherlands, once the arrival is recorded."""
    if journey.arrival_at is None or not has_arrived(journey):
        return None
    return journey.arrival_at.astimezone(AMSTERDAM).date()


def today(now: datetime) -> date:
    return timezone.localtime(now, AMSTERDAM).date()


# --- scheduling ---------------------------------------------------------------------------


def schedule(journey: Journey, programme: Programme | None = None) -> int:
    """Create the journey's moments from its arrival, or move those not opened yet to a
    changed arrival or configuration; nothing for a journey that has not arrived or is
    closed. Returns how many moments were made, moved or dropped."""
    day = arrival_day(journey)
    if day is None or journey.closed_at is not None:
        return 0
    months = (programme or Programme.current()).moments
    existing = {m.months: m for m in journey.evaluation_moments.all()}
    new = [
        Moment(journey=journey, months=n, due_on=add_months(day, n))
        for n in months
        if n not in existing
    ]
    # Only moments nobody was asked for yet follow a change.
    unasked = [m for m in existing.values() if m.opened_at is None]
    dropped = [m.pk for m in unasked if m.months not in months]
    moved = [m for m in unasked if m.months in months and m.due_on != add_months(day, m.months)]
    if not (new or dropped or moved):
        return 0  # the daily run's usual case: no query for this journey
    unopened = Moment.objects.filter(opened_at__isnull=True)
    with transaction.atomic():
        # Two runs at once: the unique (journey, months) keeps one of each.
        Moment.objects.bulk_create(new, ignore_conflicts=True)
        changed = len(new)
        if dropped:
            changed += unopened.filter(pk__in=dropped).delete()[0]
        for moment in moved:
            changed += unopened.filter(pk=moment.pk).update(due_on=add_months(day, moment.months))
    return changed


def arrived_journeys() -> QuerySet[Journey]:
    """Open journeys whose newcomer has arrived: the ones that have (or need) moments."""
    return (
        Journey.objects.open()
        .filter(arrival_at__isnull=False)
        .exclude(household__stage__in=[HouseholdStage.MATCHED, HouseholdStage.PRE_DEPARTURE])
        .exclude(household__stage__in=CLOSED)
        .select_related("household")
        .prefetch_related("evaluation_moments")
        .order_by("pk")
    )


# --- opening ------------------------------------------------------------------------------


def latest_versions() -> dict[str, QuestionnaireVersion]:
    """The newest published version of each audience's questionnaire."""
    found: dict[str, QuestionnaireVersion] = {}
    versions = (
        QuestionnaireVersion.objects.filter(published_at__isnull=False)
        .select_related("questionnaire")
        .order_by("questionnaire__audience", "-number")
    )
    for version in versions:
        found.setdefault(version.questionnaire.audience, version)
    return found


def takes_part(journey: Journey) -> bool:
    """The journey's year goes on: its moments open (the rule `due_moments` keeps in SQL)."""
    return journey.closed_at is None and journey.household.stage not in CLOSED


def asks_newcomer(journey: Journey) -> bool:
    """A new moment asks the newcomer while the year goes on and they may answer."""
    return takes_part(journey) and newcomer_may_answer(journey.household)


def newcomer_language(household: Household) -> str:
    """The first of the household's languages the interface speaks, else the default."""
    spoken = dict(settings.LANGUAGES)
    return next((code for code in household.languages or [] if code in spoken), "nl")


def _people(journey: Journey) -> list[tuple[str, User]]:
    """(audience, person) for the members with an account and the partners' contacts."""
    members = Member.objects.current().filter(
        group_id=journey.group_id, user__isnull=False, user__is_active=True
    )
    people: list[tuple[str, User]] = [
        (Party.GROUP, member.user) for member in members.select_related("user") if member.user
    ]
    contacts = ContactPerson.objects.filter(
        journey=journey, party__in=PARTNER_AUDIENCES, person__is_active=True
    ).select_related("person")
    people += [(contact.party, contact.person) for contact in contacts.order_by("party")]
    seen: set[int] = set()
    unique: list[tuple[str, User]] = []
    for audience, person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            unique.append((audience, person))
    return unique


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


def _tell_respondents(moment: Moment, responses: Iterable[Response], reminder: bool) -> None:
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


def _ask_newcomer(moment: Moment, response: Response, reminder: bool) -> None:
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


def open_moment(moment: Moment, versions: dict[str, QuestionnaireVersion], now: datetime) -> int:
    """Ask everyone of one moment, once; returns how many were asked (0 if another run
    opened it first)."""
    journey = moment.journey
    with transaction.atomic():
        if not Moment.objects.filter(pk=moment.pk, opened_at__isnull=True).update(opened_at=now):
            return 0
        asked = [
            Response(
                moment=moment,
                audience=audience,
                questionnaire=versions[audience],
                respondent=person,
                mode=ResponseMode.ACCOUNT,
            )
            for audience, person in _people(journey)
            if audience in versions
        ]
        Response.objects.bulk_create(asked)
        _tell_respondents(moment, asked, reminder=False)
        if Party.NEWCOMER in versions and asks_newcomer(journey):
            newcomer = Response.objects.create(
                moment=moment,
                audience=Party.NEWCOMER,
                questionnaire=versions[Party.NEWCOMER],
                mode=ResponseMode.LINK if journey.household.email else ResponseMode.INTERVIEW,
            )
            _ask_newcomer(moment, newcomer, reminder=False)
            asked.append(newcomer)
    return len(asked)


def due_moments(now: datetime, programme: Programme) -> QuerySet[Moment]:
    """The moments to open now: within the programme's days ahead, and each journey's latest
    only. A journey whose arrival was recorded late does not get every past moment at once
    (one mail each); the earlier ones are skipped and never opened later."""
    horizon = today(now) + timedelta(days=programme.evaluation_open_days)
    later = Moment.objects.filter(
        journey=OuterRef("journey"), due_on__gt=OuterRef("due_on")
    ).filter(Q(due_on__lte=horizon) | Q(opened_at__isnull=False))
    return (
        Moment.objects.filter(
            opened_at__isnull=True, due_on__lte=horizon, journey__closed_at__isnull=True
        )
        .exclude(journey__household__stage__in=CLOSED)
        .exclude(Exists(later))
        .select_related("journey__household", "journey__group")
        .order_by("due_on", "pk")
    )


def open_due(now: datetime, programme: Programme | None = None) -> int:
    """Open the moments that fall within the programme's days ahead; returns how many
    people were asked."""
    programme = programme or Programme.current()
    versions = {a: v for a, v in latest_versions().items() if a in AUDIENCES}
    return sum(open_moment(moment, versions, now) for moment in due_moments(now, programme))


# --- reminding ----------------------------------------------------------------------------


def waiting() -> QuerySet[Response]:
    """The questionnaires sent and not answered yet, which reminders and the home page follow;
    a stopped household's are not chased (the newcomer's link closes: answering)."""
    return Response.objects.filter(
        submitted_at__isnull=True, moment__opened_at__isnull=False
    ).exclude(moment__journey__household__stage=HouseholdStage.STOPPED)


def unanswered_to_remind(now: datetime, programme: Programme) -> QuerySet[Response]:
    """Waiting, not reminded, the programme's days past the moment."""
    cutoff = today(now) - timedelta(days=programme.evaluation_remind_days)
    return (
        waiting()
        .filter(reminded_at__isnull=True, moment__due_on__lte=cutoff)
        .select_related("moment__journey__household", "respondent")
        .order_by("pk")
    )


def remind(now: datetime, programme: Programme | None = None) -> int:
    """One reminder per unanswered response; returns how many were reminded."""
    programme = programme or Programme.current()
    reminded = 0
    for response in unanswered_to_remind(now, programme):
        moment = response.moment
        # Reminded as long as they may answer, like the members: also in a closed journey.
        if response.audience == Party.NEWCOMER and not newcomer_may_answer(
            moment.journey.household
        ):
            continue
        if response.respondent is not None and not response.respondent.is_active:
            continue
        with transaction.atomic():
            claimed = Response.objects.filter(
                pk=response.pk, reminded_at__isnull=True, submitted_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            if response.audience == Party.NEWCOMER:
                _ask_newcomer(moment, response, reminder=True)
            else:
                _tell_respondents(moment, [response], reminder=True)
        reminded += 1
    return reminded


# --- the daily run and what coordinators follow -------------------------------------------


def daily(now: datetime) -> int:
    """Schedule (and move) the moments of arrived journeys, open the due ones, remind once;
    returns the number of moments changed, people asked and people reminded."""
    programme = Programme.current()
    changed = sum(schedule(journey, programme) for journey in arrived_journeys())
    return changed + open_due(now, programme) + remind(now, programme)


def overdue(queryset: QuerySet[Moment], on: date | None = None) -> QuerySet[Moment]:
    """The moments past due that still wait for answers (a stopped household's not)."""
    on = on or timezone.localdate()
    return (
        queryset.filter(opened_at__isnull=False, due_on__lt=on)
        .filter(Exists(Response.objects.filter(moment=OuterRef("pk"), submitted_at__isnull=True)))
        .exclude(journey__household__stage=HouseholdStage.STOPPED)
    )


def with_counts(queryset: QuerySet[Moment]) -> QuerySet[Moment]:
    """Each moment with how many were asked and how many answered, in the same query."""
    return queryset.annotate(
        asked=Count("responses", distinct=True),
        answered=Count("responses", filter=Q(responses__submitted_at__isnull=False), distinct=True),
    )


STATUSES: dict[str, Any] = {
    "upcoming": _("Upcoming"),
    "open": _("Open"),
    "overdue": _("Overdue"),
    "complete": _("Complete"),
    # Past its day and never opened: a later moment was opened instead, or the journey ended.
    "skipped": _("Skipped"),
}


def status_filter(status: str, on: date) -> Q:
    """The condition on a counted queryset (with_counts) for one status."""
    opened = Q(opened_at__isnull=False)
    missing = Q(answered__lt=F("asked"))
    if status == "upcoming":
        return Q(opened_at__isnull=True, due_on__gte=on)
    if status == "skipped":
        return Q(opened_at__isnull=True, due_on__lt=on)
    if status == "open":
        return opened & missing & Q(due_on__gte=on)
    if status == "overdue":
        return opened & missing & Q(due_on__lt=on)
    if status == "complete":
        return opened & ~missing
    return Q()


def status_of(moment: Any, on: date, asked: int | None = None, answered: int | None = None) -> str:
    """The status of a moment counted with `with_counts` (or given its counts)."""
    asked = moment.asked if asked is None else asked
    answered = moment.answered if answered is None else answered
    if moment.opened_at is None:
        return "skipped" if moment.due_on < on else "upcoming"
    if answered >= asked:
        return "complete"
    return "overdue" if moment.due_on < on else "open"
