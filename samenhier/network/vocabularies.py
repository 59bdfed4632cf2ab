"""The shared words of the programme: what groups offer and households need are described in
the same terms, so that the matching engine can compare them. Stored as codes; shown
translated. Adding a word here is a code change on purpose: it is part of the matching
contract (MATCHING.md) and of the privacy register.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    EN = "en", _("English")
    AR = "ar", _("Arabic")
    TI = "ti", _("Tigrinya")
    FA = "fa", _("Persian (Farsi, Dari)")
    PS = "ps", _("Pashto")
    SO = "so", _("Somali")
    TR = "tr", _("Turkish")
    KU = "ku", _("Kurdish")
    UK = "uk", _("Ukrainian")
    RU = "ru", _("Russian")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    DE = "de", _("German")
    AM = "am", _("Amharic")


class Interest(models.TextChoices):
    SPORTS = "sports", _("Sports")
    FOOTBALL = "football", _("Football")
    COOKING = "cooking", _("Cooking")
    MUSIC = "music", _("Music")
    ARTS = "arts", _("Arts and crafts")
    NATURE = "nature", _("Nature and walking")
    CYCLING = "cycling", _("Cycling")
    GARDENING = "gardening", _("Gardening")
    TECHNOLOGY = "technology", _("Technology")
    READING = "reading", _("Reading")
    GAMES = "games", _("Games")
    FILM = "film", _("Film")
    CHILDREN = "children", _("Activities with children")


class Sector(models.TextChoices):
    HEALTHCARE = "healthcare", _("Healthcare")
    EDUCATION = "education", _("Education")
    ICT = "ict", _("ICT")
    ENGINEERING = "engineering", _("Engineering and technology")
    CONSTRUCTION = "construction", _("Construction")
    HOSPITALITY = "hospitality", _("Hospitality")
    LOGISTICS = "logistics", _("Transport and logistics")
    RETAIL = "retail", _("Retail")
    FINANCE = "finance", _("Finance")
    GOVERNMENT = "government", _("Government")
    LEGAL = "legal", _("Legal")
    SOCIAL_WORK = "social_work", _("Social work")
    CULTURE = "culture", _("Arts and culture")
    AGRICULTURE = "agriculture", _("Agriculture")
    MANUFACTURING = "manufacturing", _("Manufacturing")


class Vulnerability(models.TextChoices):
    MEDICAL = "medical", _("Medical needs")
    TRAUMA = "trauma", _("Trauma")
    DISABILITY = "disability", _("Disability")
    SINGLE_PARENT = "single_parent", _("Single parent")
    LARGE_FAMILY = "large_family", _("Large family")
    ELDERLY = "elderly", _("Elderly family members")
    LGBTIQ = "lgbtiq", _("LGBTIQ+")


class ContactFrequency(models.IntegerChoices):
    # The scale of MATCHING.md: contact_preference and contact_offer.
    MONTHLY = 0, _("Monthly")
    WEEKLY = 1, _("Weekly")
    SEVERAL_A_WEEK = 2, _("Several times a week")
    DAILY = 3, _("Daily")


def labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    known = dict(choices.choices)
    return [str(known.get(code, code)) for code in codes]
