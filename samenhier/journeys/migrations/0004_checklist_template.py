# The national arrival checklist as the programme starts it (DOMAIN.md: the year). The
# national coordinator maintains it from here on (journeys:checklist_template); the titles are
# Dutch, and journeys.checklist.TITLES translates the programme's own lines by key.

from django.db import migrations, models

# (key, title, phase, offset in days from arrival, owner party, appointment, group kinds)
# Group kinds: "" both, "sponsor" only sponsor groups (the newcomer arrives from abroad),
# "welcome" only welcome groups (the newcomer already lives in the country).
LINES = [
    ("furnish-home", "Woning inrichten (tussenwoning)", "before", -14, "group", False, "sponsor"),
    ("groceries", "Boodschappen in huis halen", "before", -1, "group", False, "sponsor"),
    ("airport-pickup", "Ophalen van het vliegveld", "before", 0, "group", False, "sponsor"),
    (
        "first-meeting",
        "Eerste kennismaking van de groep en de nieuwkomer",
        "first_months",
        3,
        "community_builder",
        False,
        "welcome",
    ),
    (
        "municipality-registration",
        "Inschrijven bij de gemeente en BSN ontvangen",
        "first_months",
        3,
        "municipality",
        True,
        "sponsor",
    ),
    (
        "advance-payment",
        "Voorschot op de uitkering regelen",
        "first_months",
        5,
        "municipality",
        False,
        "",
    ),
    ("bank-account", "Bankrekening openen", "first_months", 7, "group", True, "sponsor"),
    (
        "health-insurance",
        "Zorgverzekering afsluiten",
        "first_months",
        10,
        "social_support",
        False,
        "sponsor",
    ),
    ("gp", "Inschrijven bij de huisarts", "first_months", 14, "group", True, ""),
    ("pharmacy", "Inschrijven bij de apotheek", "first_months", 14, "group", True, ""),
    ("digid", "DigiD aanvragen", "first_months", 21, "social_support", False, "sponsor"),
    ("dentist", "Inschrijven bij de tandarts", "first_months", 30, "group", True, ""),
    ("language-school", "Taalschool kiezen", "first_months", 45, "newcomer", True, ""),
    (
        "permanent-home",
        "Verhuizen naar de vaste woning",
        "first_months",
        75,
        "municipality",
        False,
        "sponsor",
    ),
    (
        "language-practice",
        "Vaste momenten afspreken om Nederlands te oefenen",
        "social",
        100,
        "group",
        False,
        "",
    ),
    (
        "network-introductions",
        "Introducties voor stage of werk via het netwerk van de groep",
        "social",
        150,
        "group",
        False,
        "",
    ),
    ("mid-year-evaluation", "Tussentijdse evaluatie", "social", 182, "local_partner", False, ""),
    ("end-of-year-evaluation", "Eindevaluatie", "social", 350, "local_partner", False, ""),
]


def seed(apps, schema_editor):
    TaskTemplate = apps.get_model("journeys", "TaskTemplate")
    for key, title, phase, offset, owner, appointment, kinds in LINES:
        # Never overwrite what the national coordinator changed since.
        TaskTemplate.objects.get_or_create(
            key=key,
            defaults={
                "title": title,
                "phase": phase,
                "offset_days": offset,
                "owner": owner,
                "is_appointment": appointment,
                "group_kinds": kinds,
            },
        )


def unseed(apps, schema_editor):
    TaskTemplate = apps.get_model("journeys", "TaskTemplate")
    TaskTemplate.objects.filter(key__in=[line[0] for line in LINES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("journeys", "0003_tasktemplate_journey_arrival_at_and_more"),
    ]

    operations = [
        # Two coordinators editing the same line at once: the second is told to reload.
        migrations.AddField(
            model_name="tasktemplate",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.RunPython(seed, unseed),
    ]
