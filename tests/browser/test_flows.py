"""Short journeys through the real pages, as the people who make them would: language,
keyboard, login errors and inviting a colleague.

The flows run in English so that they can find fields and buttons by their visible labels.
"""

import re
from urllib.parse import urlsplit

from django.core import mail

from samenhier.accounts.models import Invitation, User
from samenhier.accounts.roles import Role
from tests.browser.axe import assert_no_violations

URL_IN_TEXT = re.compile(r"https?://\S+")


def link_in_mail(message: mail.EmailMessage) -> str:
    """The path of the link in an e-mail; the live server has its own host and port."""
    found = URL_IN_TEXT.search(str(message.body))
    assert found, f"no link in the e-mail {message.subject!r}"
    return urlsplit(found.group()).path


def test_switching_to_arabic_turns_the_page_right_to_left_and_back(demo_site):
    context = demo_site.new_context(language="nl")
    page = context.new_page()
    page.goto("/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "nl"
    assert html.get_attribute("dir") == "ltr"

    with page.expect_navigation():
        page.locator('.sh-lang button[value="ar"]').click()
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.locator('.sh-lang button[value="ar"]').get_attribute("aria-pressed") == "true"

    with page.expect_navigation():
        page.locator('.sh-lang button[value="nl"]').click()
    assert html.get_attribute("lang") == "nl"
    assert html.get_attribute("dir") == "ltr"
    context.close()


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(demo_site):
    context = demo_site.new_context(language="en")
    page = context.new_page()
    demo_site.log_in(page, demo_site.cast.rotterdam.local_coordinator)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("(link) => link === document.activeElement")
    assert skip.is_visible(), "the skip link shows when it has focus"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    context.close()


def test_wrong_password_shows_a_clear_message(demo_site):
    context = demo_site.new_context(language="en")
    page = context.new_page()
    response = demo_site.log_in(page, demo_site.cast.rotterdam.group_member, password="wrong-one")
    assert response.status < 500
    assert "/accounts/login/" in page.url
    alert = page.get_by_role("alert")
    assert alert.count() >= 1
    assert "password" in alert.first.inner_text().lower()
    # The e-mail address stays filled in; the password does not.
    form = page.locator("main form").filter(has=page.locator('input[name="password"]'))
    assert form.locator('input[name="login"]').input_value() == "pieter@example.org"
    assert form.locator('input[name="password"]').input_value() == ""
    assert_no_violations(page)
    context.close()


def test_local_coordinator_invites_a_community_builder(demo_site):
    rotterdam = demo_site.cast.rotterdam
    context = demo_site.new_context(language="en")
    page = context.new_page()
    demo_site.log_in(page, rotterdam.local_coordinator)
    page.goto("/people/")
    page.get_by_role("link", name="Invite someone").first.click()
    page.get_by_label("Full name").fill("Sanne Verbeek")
    page.get_by_label("E-mail address").fill("sanne@example.org")
    page.get_by_label("Role").select_option(Role.COMMUNITY_BUILDER.value)
    page.get_by_label("City").select_option(label="Rotterdam")
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitation").click()
    assert page.get_by_role("status").filter(has_text="sanne@example.org").count() == 1
    invitation = Invitation.objects.get(email="sanne@example.org")
    assert invitation.role == Role.COMMUNITY_BUILDER
    assert invitation.city == rotterdam.city
    context.close()

    # The new community builder follows the link in the e-mail and chooses a password.
    (message,) = [m for m in mail.outbox if "sanne@example.org" in m.to]
    context = demo_site.new_context(language="en")
    page = context.new_page()
    page.goto(link_in_mail(message))
    assert_no_violations(page)  # behind a token: out of the crawl's reach
    page.get_by_label("Choose a password").fill("een-lang-wachtwoord-42")
    page.get_by_label("The same password again").fill("een-lang-wachtwoord-42")
    with page.expect_navigation():
        page.get_by_role("button", name="Accept the invitation").click()
    assert page.get_by_role("status").filter(has_text="Your role is active").count() == 1
    demo_site.log_in(page, "sanne@example.org", password="een-lang-wachtwoord-42")
    assert page.get_by_role("heading", name="Welcome, Sanne").is_visible()
    sanne = User.objects.get(email="sanne@example.org")
    assert sanne.assignments.filter(
        role=Role.COMMUNITY_BUILDER, city=rotterdam.city, revoked_at__isnull=True
    ).exists()
    context.close()
