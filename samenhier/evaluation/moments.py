"""Evaluation moments: scheduled from arrival, opened shortly before they are due, reminded once.

The daily worker (journeys.tasks) calls `daily(now)`. A moment falls so many whole months after
the day of arrival (Programme.evaluation_months); moving the arrival moves the moments that
have not opened yet. Opening a moment asks everyone once: each current group member with an
account, each partner's contact person in the journey, and the newcomer only while the
household consents to evaluation and still takes part. A journey whose arrival was recorded
late opens only its latest due moment: the ones before it are skipped, not all sent at once.
The mails are in moment_mail, what coordinators follow in moment_status.
"""

import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from samenhier.accounts.models import User
from samenhier.evaluation.answering import newcomer_may_answer
from samenhier.evaluation.models import Moment, QuestionnaireVersion, Response
from samenhier.evaluation.moment_mail import ask_newcomer, tell_respondents
from samenhier.evaluation.vocabularies import AUDIENCES, PARTNER_AUDIENCES, ResponseMode
from samenhier.groups.models import Member
from samenhier.journeys.closing import has_arrived
from samenhier.journeys.models import ContactPerson, Journey
from samenhier.journeys.parties import Party
from samenhier.network.models import Programme
from samenhier.newcomers.lifecycle import CLOSED, HouseholdStage

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

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
        tell_respondents(moment, asked, reminder=False)
        if Party.NEWCOMER in versions and asks_newcomer(journey):
            newcomer = Response.objects.create(
                moment=moment,
                audience=Party.NEWCOMER,
                questionnaire=versions[Party.NEWCOMER],
                mode=ResponseMode.LINK if journey.household.email else ResponseMode.INTERVIEW,
            )
            ask_newcomer(moment, newcomer, reminder=False)
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
                ask_newcomer(moment, response, reminder=True)
            else:
                tell_respondents(moment, [response], reminder=True)
        reminded += 1
    return reminded


# --- the daily run ----------------------------------------------------------------------------


def daily(now: datetime) -> int:
    """Schedule (and move) the moments of arrived journeys, open the due ones, remind once;
    returns the number of moments changed, people asked and people reminded."""
    programme = Programme.current()
    changed = sum(schedule(journey, programme) for journey in arrived_journeys())
    return changed + open_due(now, programme) + remind(now, programme)
