"""A group's road from registration to trained, through the real pages, as the people in
those roles walk it: five residents register and confirm from their e-mail, the local
coordinator holds the intake, records the certificates of conduct and approves, the members
sign the declaration and register for the start training, the coordinator records who came.

The pages behind e-mailed links and form errors are out of the crawl's reach, so this test
also runs axe on them. It runs in English so that it finds fields by their visible labels.
"""

from datetime import timedelta
from typing import Any

from django.core import mail
from django.utils import timezone

from samenhier.groups.models import Group
from samenhier.groups.stages import GroupStage
from samenhier.learning.models import TrainingSession
from tests.browser.axe import assert_no_violations
from tests.browser.test_flows import link_in_mail

PASSWORD = "samen-sterk-2026"
MEMBERS = [
    ("Johan de Wit", "johan@example.org", "3012 KL"),
    ("Fatima Zahra", "fatima@example.org", "3013 AA"),
    ("Kees Brouwer", "kees.brouwer@example.org", "3014 BB"),
    ("Ilse Timmer", "ilse@example.org", "3015 CC"),
    ("Omar Haddou", "omar@example.org", "3016 DD"),
]
GROUP_NAME = "Buren van de Blijdorplaan"


class Watched:
    """A page whose console errors and uncaught exceptions fail the test."""

    def __init__(self, demo_site: Any) -> None:
        self.context = demo_site.new_context(language="en")
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: {error}"))

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"{self.page.url}: {message.text}")

    def open(self, name: str) -> None:
        """Follow a link in the main navigation."""
        navigation = self.page.get_by_role("navigation", name="Main navigation")
        navigation.get_by_role("link", name=name, exact=True).click()

    def submit(self, name: str) -> None:
        """Click the submit button called `name` and wait for the page that follows."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name, exact=True).click()

    def close(self) -> None:
        self.context.close()
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)


def test_a_group_of_five_goes_from_registration_to_trained(demo_site):
    rotterdam = demo_site.cast.rotterdam
    mail.outbox.clear()

    # Johan registers the group from the public site, for himself and four neighbours.
    johan = Watched(demo_site)
    page = johan.page
    page.goto("/")
    page.get_by_role("link", name="Register a group").click()
    page.get_by_role("listitem").filter(has_text="Rotterdam").get_by_role(
        "link", name="Register a Sponsor group"
    ).click()
    page.get_by_label("Group name").fill(GROUP_NAME)
    page.get_by_role("group", name="Languages the members speak").get_by_label("Dutch").check()
    page.get_by_role("group", name="Languages the members speak").get_by_label("Arabic").check()
    page.get_by_role("group", name="Interests you share").get_by_label("Cooking").check()
    page.get_by_label("Weekly").check()
    page.get_by_label("Time available").fill("Evenings and weekends")
    page.get_by_label("Motivation").fill("We want our street to be a good place to arrive.")
    for n, (name, email, postcode) in enumerate(MEMBERS, start=1):
        legend = "Member 1 (contact person)" if n == 1 else f"Member {n}"
        member = page.get_by_role("group", name=legend, exact=True)
        member.get_by_label("Full name").fill(name)
        member.get_by_label("E-mail address").fill(email)
        member.get_by_label("Phone").fill(f"06 1234 567{n}")
        member.get_by_label("Street and house number").fill(f"Blijdorplaan {n}")
        # Kees types his postcode wrong the first time.
        member.get_by_label("Postcode").fill("30144" if n == 3 else postcode)
        member.get_by_label("Town").fill("Rotterdam")
    johan.submit("Register the group")
    member_3 = page.get_by_role("group", name="Member 3", exact=True)
    assert member_3.get_by_text("Enter a Dutch postcode").is_visible()
    assert member_3.get_by_label("Postcode").get_attribute("aria-invalid") == "true"
    assert_no_violations(page)  # the form as it comes back with an error
    member_3.get_by_label("Postcode").fill(MEMBERS[2][2])
    johan.submit("Register the group")
    assert "/groups/registered/" in page.url
    assert_no_violations(page)
    johan.close()
    group = Group.objects.get(name=GROUP_NAME)
    assert group.stage == GroupStage.REGISTERED
    assert group.members.count() == 5

    # Every member confirms from the link in their own e-mail, choosing a password.
    members: dict[str, Watched] = {}
    for _name, email, _postcode in MEMBERS:
        (message,) = [m for m in mail.outbox if m.to == [email]]
        person = Watched(demo_site)
        person.page.goto(link_in_mail(message))
        if not members:
            assert_no_violations(person.page)
        person.page.get_by_label("Choose a password").fill(PASSWORD)
        person.page.get_by_label("The same password again").fill(PASSWORD)
        person.submit("I take part")
        assert person.page.get_by_role("heading", name="Thank you for confirming").is_visible()
        person.page.get_by_role("main").get_by_role("link", name="Log in").click()
        demo_site.log_in(person.page, email, password=PASSWORD)
        person.page.get_by_role("link", name="Where your group stands").click()
        assert person.page.get_by_role("heading", name=f"Your group: {GROUP_NAME}").is_visible()
        members[email] = person
    group.refresh_from_db()
    assert group.registration_complete_at is not None

    # The local coordinator finds the new group and plans the intake interview.
    lotte = Watched(demo_site)
    page = lotte.page
    demo_site.log_in(page, rotterdam.local_coordinator)
    lotte.open("Groups")
    page.get_by_label("Search by group or member").fill("Blijdorplaan")
    lotte.submit("Show")
    page.get_by_role("link", name=GROUP_NAME).click()
    group_url = page.url
    lotte.submit("Start the intake")
    _assert_stage(group, GroupStage.INTAKE)
    page.get_by_role("link", name="Plan or view intake interviews").click()
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.get_by_label("Date and time").fill(f"{tomorrow:%Y-%m-%d}T19:30")
    page.get_by_label("Interviewer").select_option(label=str(rotterdam.local_coordinator))
    lotte.submit("Save")
    assert page.get_by_role("status").filter(has_text="intake interview has been planned").count()

    # Fast-forward: the interview has taken place (outcomes can only be recorded afterwards).
    intake = group.intakes.get()
    intake.scheduled_at = timezone.now() - timedelta(hours=2)
    intake.save(update_fields=["scheduled_at"])
    page.get_by_role("link", name="Record the outcome").click()
    assert_no_violations(page)
    page.get_by_label("Positive: the group can continue").check()
    page.get_by_label("Notes").fill("Well prepared; they know their neighbourhood.")
    lotte.submit("Save")
    lotte.submit("Intake done: start declarations and certificates")
    _assert_stage(group, GroupStage.VETTING)

    # Each member reads and signs the participant declaration themselves.
    for person in members.values():
        person.page.reload()
        person.page.get_by_role("link", name="Participant declaration").click()
        person.submit("I have read this and I sign it")
        assert person.page.get_by_role("status").filter(has_text="you have signed").count()

    # The coordinator records each member's certificate of conduct (VOG) as received.
    today = timezone.localdate()
    for name, _email, _postcode in MEMBERS:
        page.goto(group_url)
        row = page.get_by_role("row").filter(has_text=name)
        row.get_by_role("link", name="Record", exact=False).first.click()
        page.get_by_label("Received").check()
        page.get_by_label("Requested on").fill(f"{today - timedelta(days=21):%Y-%m-%d}")
        if name == MEMBERS[0][0]:
            # She forgets the date on the certificate the first time.
            lotte.submit("Save")
            assert (
                page.get_by_role("alert").filter(has_text="date the certificate was issued").count()
            )
            assert_no_violations(page)
        page.get_by_label("Issued on").fill(f"{today - timedelta(days=3):%Y-%m-%d}")
        lotte.submit("Save")
        assert page.get_by_role("status").filter(has_text="certificate of conduct").count()

    # Nothing is missing any more: the coordinator approves the group.
    assert page.get_by_role("heading", name="Next step: Approve the group").is_visible()
    assert not page.get_by_text("Still missing:").count()
    lotte.submit("Approve the group")
    _assert_stage(group, GroupStage.APPROVED)

    # The coordinator plans the start training, with herself as the trainer.
    lotte.open("Training")
    page.get_by_role("link", name="Plan a session").click()
    next_week = timezone.localtime() + timedelta(days=7)
    page.get_by_label("Module").select_option(label="Starttraining")
    page.get_by_label("City").select_option(label="Rotterdam")
    page.get_by_label("Starts at").fill(f"{next_week:%Y-%m-%d}T19:00")
    page.get_by_label("Ends at").fill(f"{next_week:%Y-%m-%d}T22:00")
    page.get_by_role("textbox", name="Place").fill("Buurthuis Blijdorp")
    page.get_by_label("Trainer").select_option(label=str(rotterdam.local_coordinator))
    lotte.submit("Save")
    session_url = page.url

    # Every member registers for it from the training page.
    for person in members.values():
        person.open("Training")
        row = person.page.get_by_role("row").filter(has_text="Buurthuis Blijdorp")
        with person.page.expect_navigation():
            row.get_by_role("button", name="Register").click()
        assert person.page.get_by_role("status").filter(has_text="You are registered").count()

    # Fast-forward: the session has taken place (attendance is recorded once it started).
    session = TrainingSession.objects.get(place="Buurthuis Blijdorp")
    session.starts_at = timezone.now() - timedelta(hours=3)
    session.ends_at = timezone.now() - timedelta(minutes=5)
    session.save(update_fields=["starts_at", "ends_at"])
    page.goto(session_url)
    for name, _email, _postcode in MEMBERS:
        page.get_by_role("group", name=f"{name} ({GROUP_NAME})").get_by_label(
            "attended", exact=True
        ).check()
    assert_no_violations(page)
    lotte.submit("Save attendance")
    assert page.get_by_role("status").filter(has_text="Attendance has been recorded").count()

    page.goto(group_url)
    lotte.submit("Mark as trained")
    _assert_stage(group, GroupStage.TRAINED)
    assert page.get_by_role("status").filter(has_text=f"{GROUP_NAME} is now").count()
    lotte.close()

    # The members see where they stand, with the hours they followed.
    for person in members.values():
        person.page.get_by_role("link", name="Samen Hier").click()
        person.page.get_by_role("link", name="Where your group stands").click()
        assert person.page.get_by_text("Where you stand: Trained.").is_visible()
        assert person.page.get_by_text("You have followed 3.0 hours of training.").is_visible()
        person.close()


def _assert_stage(group: Group, stage: GroupStage) -> None:
    group.refresh_from_db()
    assert group.stage == stage, f"{group.name} is {group.stage}, expected {stage}"
