import datetime
import pytest
from django.utils import timezone
from samenhier.journeys.models import ContactEntry, Journey, Signal
from tests.browser.crawl import Crawl

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_my_pages(demo_site, language):
    cast = demo_site.cast
    journey = Journey.objects.open().get(household=cast.rotterdam.household)
    Journey.objects.filter(pk=journey.pk).update(arrival_at=timezone.now() - datetime.timedelta(days=40))
    member = cast.rotterdam.group_member
    for i in range(5):
        e = ContactEntry.objects.create(journey=journey, occurred_on=timezone.localdate() - datetime.timedelta(days=3 * i), kind="visit", minutes=30, note="Koffie gedronken en boodschappen gedaan", recorded_by=member)
        e.participants.set([member])
    s = Signal.objects.create(journey=journey, topic="letters", description="Veel brieven", party="municipality", raised_by=member)
    problems = []
    pages = {
        member: [f"/journeys/{journey.pk}/", f"/journeys/{journey.pk}/contacts/", f"/journeys/{journey.pk}/contacts/new/", f"/journeys/{journey.pk}/contacts/chart/", f"/journeys/{journey.pk}/contacts/{e.pk}/edit/", f"/journeys/{journey.pk}/contacts/{e.pk}/delete/", f"/journeys/{journey.pk}/signals/", f"/journeys/{journey.pk}/signals/new/", f"/journeys/{journey.pk}/signals/{s.pk}/"],
        cast.rotterdam.municipality_officer: [f"/journeys/{journey.pk}/signals/{s.pk}/"],
        cast.rotterdam.local_coordinator: ["/journeys/signals/"],
    }
    checked = {}
    for person, urls in pages.items():
        context = demo_site.new_context(language=language)
        page = context.new_page()
        demo_site.log_in(page, person)
        crawl = Crawl(page=page, base_url=demo_site.url, language=language, who=person.email, checked=checked)
        for url in urls:
            crawl._check(url, "start")
        problems += crawl.problems
        if person == member:
            page.goto(f"/journeys/{journey.pk}/contacts/chart/")
            page.screenshot(path=f"/tmp/scratch/chart_page_{language}.png", full_page=True)
            page.goto(f"/journeys/{journey.pk}/contacts/new/")
            page.set_viewport_size({"width": 360, "height": 900})
            page.screenshot(path=f"/tmp/scratch/new_{language}.png", full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
            page.goto(f"/journeys/{journey.pk}/contacts/")
            page.screenshot(path=f"/tmp/scratch/list_{language}.png", full_page=True)
            page.goto(f"/journeys/{journey.pk}/")
            page.screenshot(path=f"/tmp/scratch/detail_{language}.png", full_page=True)
        if person == cast.rotterdam.municipality_officer:
            page.goto(f"/journeys/{journey.pk}/signals/{s.pk}/")
            page.screenshot(path=f"/tmp/scratch/signal_{language}.png", full_page=True)
        if person == cast.rotterdam.local_coordinator:
            page.goto("/journeys/signals/")
            page.screenshot(path=f"/tmp/scratch/counts_{language}.png", full_page=True)
        context.close()
    assert not problems, "\n".join(problems)
