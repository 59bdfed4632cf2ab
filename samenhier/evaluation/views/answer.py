"""Answering: the newcomer's personal link (no account), a member's or partner's own
questionnaire, the community builder's interview, a new link to pass on, withdrawing a quote."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenhier.evaluation import answering, moment_mail, policies, texts
from samenhier.evaluation.forms_answer import AnswerForm, InterviewForm, LanguageForm
from samenhier.evaluation.models import Response
from samenhier.evaluation.vocabularies import ResponseMode
from samenhier.journeys.parties import Party
from samenhier.newcomers.models import ConsentPurpose
from samenhier.web.http import AuthenticatedRequest


def _languages(response: Response) -> list[str]:
    return texts.complete_languages(
        response.questionnaire.questionnaire.titles, list(response.questionnaire.questions.all())
    )


def _chosen(request: HttpRequest, available: list[str], preferred: list[str]) -> str:
    """The language asked for in the address, else the first preferred one available."""
    asked = request.GET.get("lang", "")
    if asked in available:
        return asked
    return next(
        (code for code in preferred if code in available), available[0] if available else "nl"
    )


def _get(pk: int, **within: Any) -> Response:
    """The response (404 if none), with what its pages show; `within` narrows the search."""
    response = (
        Response.objects.select_related(
            "moment__journey__household__city", "questionnaire__questionnaire", "respondent"
        )
        .filter(pk=pk, **within)
        .first()
    )
    if response is None:
        raise Http404
    return response


def _context(response: Response, language: str, available: list[str], form: Any) -> dict[str, Any]:
    languages = [(code, texts.own_name(code)) for code in available]
    return {
        "response": response,
        "form": form,
        "language": language,
        "rtl": texts.is_rtl(language),
        "title": answering.title_of(response.questionnaire, language),
        "languages": languages,
        "language_form": LanguageForm(initial={"lang": language}, languages=languages),
    }


def _submit(form: AnswerForm, **kwargs: Any) -> bool:
    try:
        answering.submit(answers=form.answers(), **kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for key, problems in error.error_dict.items():
                form.add_error(key if key in form.fields else None, problems)
        else:
            form.add_error(None, error)
        return False
    return True


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# The address the link page moves to: the secret waits in the session instead (as in Django's
# password reset), so it is not in the address bar, the history or any Referer. The page
# itself cannot send "no-referrer": a browser then posts its forms with "Origin: null", which
# the CSRF check refuses.
HIDDEN = "answer"
LINK_KEY = "evaluation_link"


# --- the newcomer's personal link ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def answer_link(request: HttpRequest, secret: str) -> HttpResponse:
    """No account: the secret in the address is the key. A spent, expired or unknown link
    answers with a plain page saying so (404), never with a hint of whose it was."""
    if secret != HIDDEN:
        if answering.link_response(secret) is None:
            return _invalid_link(request)
        request.session[LINK_KEY] = secret
        target = reverse("evaluation:answer_link", args=[HIDDEN])
        query = request.GET.urlencode()
        moved = _no_store(redirect(f"{target}?{query}" if query else target))
        moved["Referrer-Policy"] = "no-referrer"
        return moved
    secret = request.session.get(LINK_KEY, "")
    response = answering.link_response(secret) if secret else None
    if response is None:
        return _invalid_link(request)
    available = _languages(response)
    household = response.moment.journey.household
    language = _chosen(request, available, [*(household.languages or []), "nl"])
    interface = language if language in dict(settings.LANGUAGES) else translation.get_language()
    with translation.override(interface):
        items = answering.build(response.questionnaire, language)
        form = AnswerForm(request.POST or None, items=items)
        posted = request.method == "POST" and form.is_valid()
        if posted and _submit(
            form, actor=None, response=response, language=language, mode=ResponseMode.LINK
        ):
            request.session.pop(LINK_KEY, None)
            return _no_store(render(request, "evaluation/answer/thanks.html", {"public": True}))
        page = render(
            request,
            "evaluation/answer/link.html",
            _context(response, language, available, form),
            status=400 if request.method == "POST" else 200,
        )
    return _no_store(page)


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return _no_store(render(request, "evaluation/answer/link_invalid.html", status=404))


# --- a member's or a partner's own questionnaire ------------------------------------------


def _own(request: AuthenticatedRequest, pk: int) -> Response:
    """Only the person asked reaches their response: anyone else gets 404."""
    response = _get(pk)
    if response.respondent_id != request.user.pk:
        raise Http404
    return response


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    response = _own(request, pk)
    if response.submitted_at is not None:
        return render(request, "evaluation/answer/answered.html", {"response": response})
    if not policies.can_answer(request.user, response):
        raise PermissionDenied
    available = _languages(response)
    language = _chosen(request, available, [request.user.preferred_language])
    items = answering.build(response.questionnaire, language)
    form = AnswerForm(request.POST or None, items=items, quote=True)
    if (
        request.method == "POST"
        and form.is_valid()
        and _submit(
            form,
            actor=request.user,
            response=response,
            language=language,
            mode=ResponseMode.ACCOUNT,
            may_quote=bool(form.cleaned_data.get("may_quote")),
        )
    ):
        messages.success(request, _("Thank you: your answers are saved."))
        return redirect("evaluation:answer", pk=response.pk)
    return render(
        request,
        "evaluation/answer/form.html",
        _context(response, language, available, form),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def withdraw_quote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    response = _own(request, pk)
    answering.withdraw_quote(actor=request.user, response=response)
    messages.success(request, _("Your answers will not be quoted in any report from now on."))
    return redirect("evaluation:answer", pk=response.pk)


# --- the community builder's interview and link ---------------------------------------------


def _followed(request: AuthenticatedRequest, pk: int) -> Response:
    """A response of a moment the user follows (404 otherwise), which they may record (403
    otherwise)."""
    response = _get(pk, moment__in=policies.moments_visible_to(request.user))
    if not policies.can_record_interview(request.user, response):
        raise PermissionDenied
    return response


@login_required
@require_http_methods(["GET", "POST"])
def interview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    response = _followed(request, pk)
    if response.submitted_at is not None:
        messages.info(request, _(answering.ALREADY_ANSWERED))
        return redirect("evaluation:moment", pk=response.moment_id)
    available = _languages(response)
    language = _chosen(request, available, [request.user.preferred_language])
    items = answering.build(response.questionnaire, language)
    newcomer = response.audience == Party.NEWCOMER
    form = InterviewForm(
        request.POST or None,
        items=items,
        quote=not newcomer,
        initial={"interview_language": language},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _submit(
            form,
            actor=request.user,
            response=response,
            language=form.cleaned_data["interview_language"],
            mode=ResponseMode.INTERVIEW,
            interpreter=form.cleaned_data.get("interpreter") or "",
            may_quote=bool(form.cleaned_data.get("may_quote")),
        )
    ):
        messages.success(request, _("The answers of the interview are saved."))
        return redirect("evaluation:moment", pk=response.moment_id)
    household = response.moment.journey.household
    return render(
        request,
        "evaluation/answer/interview.html",
        {
            **_context(response, language, available, form),
            "newcomer": newcomer,
            "quotes_consent": newcomer and ConsentPurpose.QUOTES in household.active_consents(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def make_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    response = _followed(request, pk)
    try:
        secret = answering.new_link(actor=request.user, response=response)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("evaluation:moment", pk=response.moment_id)
    link = moment_mail.personal_link(secret)
    page = render(request, "evaluation/answer/link_made.html", {"response": response, "link": link})
    return _no_store(page)


urlpatterns: list[URLPattern] = [
    path("a/<str:secret>/", answer_link, name="answer_link"),
    path("responses/<int:pk>/", answer, name="answer"),
    path("responses/<int:pk>/withdraw-quote/", withdraw_quote, name="withdraw_quote"),
    path("responses/<int:pk>/interview/", interview, name="interview"),
    path("responses/<int:pk>/link/", make_link, name="link"),
]
