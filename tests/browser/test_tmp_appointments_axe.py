# TEMPORARY: removed after checking (appointments helper).
from datetime import timedelta

from django.utils import timezone

from samenhier.journeys.models import Appointment, CalendarFeed, Journey
from tests.browser.axe import axe_violations, format_violations
from tests.browser.crawl import _OVERFLOW


def test_tmp_pages(demo_site):
    cast = demo_site.cast
    journey = Journey.objects.open().get(household=cast.rotterdam.household)
    a = Appointment.objects.create(journey=journey, title="Huisarts", starts_at=timezone.now() + timedelta(days=2), ends_at=timezone.now() + timedelta(days=2, hours=1), place="Praktijk Kralingen")
    a.attendees.set([cast.rotterdam.group_member, cast.rotterdam.community_builder])
    Appointment.objects.create(journey=journey, title="Bank", starts_at=timezone.now() - timedelta(days=2), cancelled_at=timezone.now())
    CalendarFeed.objects.create(journey=journey, created_by=cast.rotterdam.group_member)
    CalendarFeed.objects.create(person=cast.rotterdam.group_member, created_by=cast.rotterdam.group_member)
    CalendarFeed.objects.create(person=cast.rotterdam.newcomer, created_by=cast.rotterdam.newcomer)
    base = f"/journeys/{journey.pk}/appointments/"
    problems = []
    for person, language, paths in [
        (cast.rotterdam.group_member, "nl", [f"/journeys/{journey.pk}/", base, base + "?state=past", base + "new/", f"{base}{a.pk}/", f"{base}{a.pk}/edit/", f"{base}{a.pk}/cancel/", "/journeys/calendar/", f"{base}calendar/{CalendarFeed.objects.get(journey=journey).pk}/revoke/"]),
        (cast.rotterdam.newcomer, "ar", [f"/journeys/{journey.pk}/", base, f"{base}{a.pk}/", f"{base}{a.pk}/company/", "/journeys/calendar/"]),
        (cast.rotterdam.community_builder, "ar", [base + "new/", f"{base}{a.pk}/"]),
    ]:
        context = demo_site.new_context(language=language)
        page = context.new_page()
        demo_site.log_in(page, person)
        for path in paths:
            for viewport in ({"width": 320, "height": 720}, {"width": 1280, "height": 900}):
                page.set_viewport_size(viewport)
                response = page.goto(path)
                if response.status != 200:
                    problems.append(f"{path}: {response.status}")
                    continue
                v = axe_violations(page)
                if v:
                    problems.append(f"{path} {language}: " + format_violations(v))
                o = page.evaluate(_OVERFLOW)
                if o:
                    problems.append(f"{path} {viewport}: overflow {o}")
        # post a bad form to see error rendering
        if person == cast.rotterdam.group_member:
            page.goto(base + "new/")
            page.fill("#id_title", "X")
            page.fill("#id_starts_at", "2020-01-01T10:00")
            page.click("main form.sh-form button[type=submit]")
            v = axe_violations(page)
            if v:
                problems.append("bad form: " + format_violations(v))
            page.screenshot(path="/tmp/appt_form_errors.png", full_page=True)
            page.goto(base)
            page.screenshot(path="/tmp/appt_list.png", full_page=True)
        else:
            page.goto(f"{base}{a.pk}/")
            page.screenshot(path=f"/tmp/appt_detail_{language}.png", full_page=True)
        context.close()
    assert not problems, "\n".join(problems)
