"""The whole matching flow in the demo, through the real pages, as the people in those roles
walk it: the national coordinator runs the matching for Rotterdam, chooses a group by hand and
excludes a pair, runs again and sends the proposals for approval; the municipality officer
approves; the group's contact person reads the anonymous profile and accepts; the community
builder records the newcomer's acceptance; only then does the group see whom it welcomes.

The run goes to the background worker: here the matching run waits in the queue until the test
plays the worker, so the run page really shows its progress, polls, and reloads when the run
is done (e-mail still goes out at once). Everyone uses the interface in their own language,
so the test finds forms by their addresses and fields by their names, not by their labels.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from django.core import mail
from django.tasks.backends.dummy import DummyBackend
from django.tasks.backends.immediate import ImmediateBackend

from samenhier.demo.matching import ROUND_GROUPS
from samenhier.groups.models import Group
from samenhier.journeys.models import Journey
from samenhier.newcomers.models import Household
from samenhier.proposals.lifecycle import ProposalStatus, RunStatus
from samenhier.proposals.models import MatchingRun, Proposal
from samenhier.proposals.tasks import execute_run
from tests.browser.axe import assert_no_violations
from tests.browser.test_flows import link_in_mail

ROUND = ("RTM-006", "RTM-011", "RTM-012")  # the Rotterdam households ready for matching
FEMKES_GROUP = ROUND_GROUPS[0][0]  # "Oude Noorden Open Armen", Femke Hoekstra is its contact
WHY_THIS_GROUP = "They asked for a group that speaks Arabic and helps a single parent."
WHY_NOT_THIS_PAIR = "The household prefers to live south of the river."
RUN_URL = re.compile(r"/matching/runs/(\d+)/$")


class MatchingWaitsForTheWorker(DummyBackend):
    """Runs every task at once (e-mail), except the matching run: that one stays queued until
    the test plays the background worker, as a real worker would take it a moment later."""

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.immediate = ImmediateBackend(alias, params)

    def enqueue(self, task: Any, args: Any, kwargs: Any) -> Any:
        if task.module_path == execute_run.module_path:
            return super().enqueue(task, args, kwargs)
        return self.immediate.enqueue(task, args, kwargs)


class Person:
    """A logged-in person in their own browser. Every response of 400 or more, console error
    and uncaught exception fails the test, except a 404 the test asked for with `not_found`."""

    def __init__(self, demo_site: Any, who: Any, *, language: str) -> None:
        self.context = demo_site.new_context(language=language)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.expected_404: set[str] = set()
        self.page.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"{self.page.url}: {error}"))
        self.page.on("dialog", self._on_dialog)
        response = demo_site.log_in(self.page, who)
        assert "/accounts/login/" not in self.page.url, f"{who} could not log in"
        assert response.status < 400

    def _on_response(self, response: Any) -> None:
        path = urlsplit(response.url).path
        if response.status == 404 and path in self.expected_404:
            return
        if response.status >= 400:
            self.problems.append(f"{response.request.method} {path} answered {response.status}")

    def _on_console(self, message: Any) -> None:
        if message.type != "error":
            return
        source = urlsplit(message.location.get("url", "")).path
        if source in self.expected_404 and "404" in message.text:
            return  # the browser reports the 404 the test asked for
        self.problems.append(f"{self.page.url}: console: {message.text}")

    def _on_dialog(self, dialog: Any) -> None:
        # data-confirm asks with window.confirm; this person reads it and says yes.
        self.dialogs.append(dialog.message)
        dialog.accept()

    def not_found(self, path: str) -> None:
        """Open `path` and see the 404 page: this person may not know it exists."""
        self.expected_404.add(path)
        response = self.page.goto(path)
        assert response is not None
        assert response.status == 404, f"{path} answered {response.status}"

    def submit(self, form: Any) -> None:
        """Submit a form with its own button and wait for the page that follows."""
        with self.page.expect_navigation():
            form.locator('button[type="submit"]').click()

    def close(self) -> None:
        self.context.close()
        assert not self.problems, "what went wrong in the browser:\n" + "\n".join(self.problems)


def play_the_worker(page: Any) -> MatchingRun:
    """The run page shows the queued run and polls; the worker takes the run; the next poll
    makes the page reload with the result."""
    found = RUN_URL.search(page.url)
    assert found, f"not on a run page: {page.url}"
    run_pk = int(found.group(1))
    assert MatchingRun.objects.get(pk=run_pk).status == RunStatus.QUEUED
    progress = page.locator("#run-progress")
    assert progress.locator("progress").is_visible()
    assert progress.get_attribute("hx-get") == f"/matching/runs/{run_pk}/"
    assert_no_violations(page)
    # At least one poll while the run waits: it answers with the progress, not a reload.
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as poll:
        pass
    assert poll.value.status == 200
    with page.expect_navigation(timeout=15_000):
        assert execute_run.call(run_pk) == "done"
    run = MatchingRun.objects.get(pk=run_pk)
    assert run.status == RunStatus.DONE, run.error
    assert page.locator("#run-progress progress, #run-progress[hx-get]").count() == 0
    return run


def row_of(page: Any, household: Household) -> Any:
    """The run page's section for one household's proposal."""
    return page.locator(f'main section[aria-labelledby="row-{household.pk}"]')


def proposed_group(page: Any, household: Household) -> str | None:
    row = row_of(page, household)
    if not row.count():
        return None
    return row.locator("h3 bdi").inner_text().strip()


def mails_to(email: str, reference: str) -> list[Any]:
    """The messages to `email` about household `reference`, oldest first."""
    return [m for m in mail.outbox if m.to == [email] and reference in str(m.subject)]


def mail_to(email: str, reference: str) -> Any:
    """The one message to `email` about household `reference` so far."""
    found = mails_to(email, reference)
    assert len(found) == 1, f"{len(found)} messages to {email} about {reference}"
    return found[0]


def test_a_match_from_run_to_both_sides_accepting_reveals_the_identity(demo_site, settings):
    settings.TASKS = {"default": {"BACKEND": f"{__name__}.MatchingWaitsForTheWorker"}}
    cast = demo_site.cast
    rotterdam = cast.rotterdam
    households = {
        h.reference: h for h in Household.objects.filter(reference__in=ROUND).order_by("reference")
    }
    femkes_group = Group.objects.get(name=FEMKES_GROUP, city=rotterdam.city)
    assert femkes_group.members.filter(user=cast.group_contact, is_contact=True).exists()
    mail.outbox.clear()

    # Noor, the national coordinator, starts a run for the resettlement track in Rotterdam.
    noor = Person(demo_site, cast.national_coordinator, language="nl")
    page = noor.page
    page.goto("/matching/")
    page.locator('main a[href="/matching/new/"]').click()
    scope = page.locator("main form[method=get]")
    scope.locator('select[name="track"]').select_option("resettlement")
    scope.locator('select[name="city"]').select_option(label="Rotterdam")
    noor.submit(scope)
    selection = page.locator("main form[method=post]")
    for household in households.values():
        assert selection.locator(f'input[name="households"][value="{household.pk}"]').is_checked()
    assert selection.locator(f'input[name="groups"][value="{femkes_group.pk}"]').is_checked()
    assert_no_violations(page)
    noor.submit(selection)
    first_run = play_the_worker(page)
    assert_no_violations(page)

    # The engine proposed Femke's group for one household. Noor wants it for another household
    # that has the group among its alternatives; she gives her reason, and excludes the pair
    # the engine proposed, with a reason too.
    engine_choice = next(
        (h for h in households.values() if proposed_group(page, h) == FEMKES_GROUP), None
    )
    assert engine_choice, f"the engine proposed {FEMKES_GROUP} for no household"
    choose = f'form[action$="/lock/"]:has(input[name="group"][value="{femkes_group.pk}"])'
    target = next(
        (
            h
            for h in households.values()
            if h != engine_choice and row_of(page, h).locator(f"details {choose}").count()
        ),
        None,
    )
    assert target, f"no other household has {FEMKES_GROUP} among its alternatives"
    row = row_of(page, engine_choice)
    row.locator('details:has(form[action$="/exclude/"]) > summary').click()
    exclusion = row.locator('form[action$="/exclude/"]')
    exclusion.locator('textarea[name="reason"]').fill(WHY_NOT_THIS_PAIR)
    noor.submit(exclusion)
    assert WHY_NOT_THIS_PAIR in row_of(page, engine_choice).inner_text()

    row = row_of(page, target)
    row.locator(f"details:has({choose}) > summary").click()
    alternative = row.locator(choose)
    alternative.locator('textarea[name="reason"]').fill(WHY_THIS_GROUP)
    noor.submit(alternative)
    row = row_of(page, target)
    assert WHY_THIS_GROUP in row.inner_text()
    assert row.locator('form[action*="/choices/"][action$="/undo/"]').count() == 1
    assert first_run.choices.count() == 2

    # She runs again with the lock and the exclusion: the new run honours both.
    noor.submit(page.locator('main form[action$="/rerun/"]'))
    assert page.locator(f'main a[href="/matching/runs/{first_run.pk}/"]').count() == 1
    second_run = play_the_worker(page)
    assert second_run.previous_id == first_run.pk
    assert proposed_group(page, target) == FEMKES_GROUP, "the lock was not honoured"
    assert proposed_group(page, engine_choice) != FEMKES_GROUP, "the exclusion was ignored"
    assert_no_violations(page)

    # She sends the proposals for approval, confirming the question the page asks.
    publish = page.locator('main form[action$="/publish/"]')
    question = publish.get_attribute("data-confirm")
    assert question
    noor.submit(publish)
    assert noor.dialogs == [question]
    assert page.locator('main form[action$="/publish/"], main form[action$="/rerun/"]').count() == 0
    assert page.locator('main a[href="/matching/proposals/"]').count() == 1
    proposal = Proposal.objects.get(run=second_run, household=target)
    assert proposal.group == femkes_group
    assert proposal.manual_reason == WHY_THIS_GROUP
    proposal_url = f"/matching/proposals/{proposal.pk}/"
    household_url = f"/households/{target.pk}/"
    noor.close()

    # Femke's group does not see a proposal the municipality has not approved yet.
    femke = Person(demo_site, cast.group_contact, language="nl")
    femke.not_found(proposal_url)

    # Mehmet, the municipality officer, gets one message for the whole run; its link lists
    # what waits for him, and from there he opens the proposal and approves.
    mehmet = Person(demo_site, rotterdam.municipality_officer, language="nl")
    page = mehmet.page
    to_mehmet = [m for m in mail.outbox if m.to == [rotterdam.municipality_officer.email]]
    assert len(to_mehmet) == 1
    page.goto(link_in_mail(to_mehmet[0]))
    assert urlsplit(page.url).path == "/matching/proposals/"
    assert_no_violations(page)
    page.locator(f'main a[href="{proposal_url}"]').click()
    page.wait_for_url(f"**{proposal_url}")
    assert WHY_THIS_GROUP in page.locator("main").inner_text()
    answer = page.locator(f'main form[action="{proposal_url}answer/municipality/"]')
    answer.locator('input[name="municipality-accepted"][value="yes"]').check()
    mehmet.submit(answer)
    assert page.locator('main form[action*="/answer/"]').count() == 0
    mehmet.close()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AWAITING_PARTIES

    # Femke is told by e-mail. She reads the anonymous profile, without the name, and still
    # cannot open the household's page.
    message = mail_to(cast.group_contact.email, target.reference)
    assert target.main_applicant_name not in str(message.body)
    page = femke.page
    page.goto(link_in_mail(message))
    assert urlsplit(page.url).path == proposal_url
    main = page.locator("main")
    assert main.locator("dl.sh-counts dd").first.inner_text().strip() == str(target.size)
    assert target.main_applicant_name not in page.content()
    assert main.locator(f'a[href="{household_url}"]').count() == 0
    assert_no_violations(page)
    femke.not_found(household_url)

    page.goto(proposal_url)
    answer = page.locator(f'main form[action="{proposal_url}answer/group/"]')
    answer.locator('input[name="group-accepted"][value="yes"]').check()
    femke.submit(answer)
    assert page.locator('main form[action*="/answer/"]').count() == 0
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AWAITING_PARTIES, "one side's yes is not a match"
    femke.not_found(household_url)

    # Samira, the community builder (in Arabic), talks with the newcomer and records their
    # answer. She forgets the language of the conversation the first time.
    samira = Person(demo_site, rotterdam.community_builder, language="ar")
    page = samira.page
    page.goto(link_in_mail(mail_to(rotterdam.community_builder.email, target.reference)))
    assert urlsplit(page.url).path == proposal_url
    assert page.locator("html").get_attribute("dir") == "rtl"
    answer = page.locator(f'main form[action="{proposal_url}answer/newcomer/"]')
    answer.locator('input[name="newcomer-accepted"][value="yes"]').check()
    samira.submit(answer)
    language = page.locator('main input[name="newcomer-language"]')
    assert language.get_attribute("aria-invalid") == "true"
    assert page.locator('main input[name="newcomer-accepted"][value="yes"]').is_checked()
    assert_no_violations(page)  # the answer as it comes back with an error, right to left
    language.fill("ar")
    samira.submit(page.locator(f'main form[action="{proposal_url}answer/newcomer/"]'))
    assert page.locator('main form[action*="/answer/"]').count() == 0
    samira.close()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    assert set(proposal.decisions.values_list("party", "accepted")) == {
        ("municipality", True),
        ("group", True),
        ("newcomer", True),
    }
    assert proposal.decisions.get(party="newcomer").language == "ar"
    assert Journey.objects.open().filter(household=target, group=femkes_group).exists()

    # Both sides said yes: Femke now finds the household's page and sees whom they welcome.
    assert len(mails_to(cast.group_contact.email, target.reference)) == 2  # and "confirmed"
    page = femke.page
    femke.expected_404.discard(household_url)  # from now on a 404 there is a failure
    page.goto(proposal_url)
    page.locator(f'main a[href="{household_url}"]').click()
    page.wait_for_url(f"**{household_url}")
    assert page.get_by_text(target.main_applicant_name, exact=True).is_visible()
    assert_no_violations(page)
    femke.close()
