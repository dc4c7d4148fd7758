"""The last-resort criteria of DOMAIN.md, as data: the Oslo Guidelines (natural disasters) set criteria 1-6; the
MCDA Guidelines (complex emergencies) set the same six in their stricter form and a seventh. Wording is ours."""

from django.db import migrations
from django.utils.translation import gettext_noop

COMMON = [
    (
        "no_civilian_alternative",
        gettext_noop("No comparable civilian alternative"),
        gettext_noop("The need cannot be met with the civilian assets available; say which civilian options were tried."),
    ),
    (
        "unique_capability",
        gettext_noop("Unique capability and availability"),
        gettext_noop("The asset offers a capability that nothing else available offers, and it is available in time."),
    ),
    (
        "timeliness",
        gettext_noop("Timeliness"),
        gettext_noop("The need is urgent enough that waiting for civilian means would cost lives."),
    ),
    (
        "civilian_led",
        gettext_noop("Complementary and civilian-led"),
        gettext_noop("The asset complements civilian capacity and is used under civilian direction and coordination."),
    ),
    (
        "limited_with_exit",
        gettext_noop("Limited in time and scale, with an exit strategy"),
        gettext_noop("The use is limited in time and scale, and a clear plan hands the work back to civilians."),
    ),
    (
        "consent_no_cost",
        gettext_noop("Consent, at no cost"),
        gettext_noop("The affected State requested or consented to the assistance, which comes at no cost to it."),
    ),
]
STRICT = (
    "no_direct_assistance_neutrality",
    gettext_noop("No direct assistance; neutrality and access protected"),
    gettext_noop("In a complex emergency the military provides no direct assistance to affected people, and the asset's use "
    "does not put humanitarian neutrality, impartiality, independence or future access at risk."),
)

GUIDELINES = [
    {
        "short_name": "Oslo Guidelines",
        "title": gettext_noop("Guidelines on the Use of Foreign Military and Civil Defence Assets in Disaster Relief"),
        "issuer": "OCHA",
        "year": 2007,
        "contexts": "natural_disaster",
        "precedence": 50,
        "version": "1.1",
        "summary": gettext_noop("How foreign military and civil defence assets may support relief after natural, "
        "technological and environmental disasters in peacetime: as a last resort, under civilian control."),
        "criteria": [(c, "natural_disaster" if i < 6 else "both") for i, c in enumerate(COMMON)],
    },
    {
        "short_name": "MCDA Guidelines",
        "title": gettext_noop("Guidelines on the Use of Military and Civil Defence Assets to Support United Nations "
        "Humanitarian Activities in Complex Emergencies"),
        "issuer": "OCHA",
        "year": 2003,
        "contexts": "complex_emergency",
        "precedence": 10,
        "version": "1.1",
        "summary": gettext_noop("When and how military and civil defence assets may support UN humanitarian activities in "
        "complex emergencies, where the distinction between humanitarian and military actors is critical."),
        "criteria": [(c, "complex_emergency") for c in COMMON] + [(STRICT, "complex_emergency")],
    },
]


def forwards(apps, schema_editor):
    Guideline = apps.get_model("guidelines", "Guideline")
    Criterion = apps.get_model("guidelines", "Criterion")
    CriterionVersion = apps.get_model("guidelines", "CriterionVersion")
    for data in GUIDELINES:
        guideline = Guideline.objects.create(
            title=data["title"],
            short_name=data["short_name"],
            issuer=data["issuer"],
            year=data["year"],
            scope="global",
            contexts=data["contexts"],
            summary=data["summary"],
            version=data["version"],
            is_public=True,
            precedence=data["precedence"],
        )
        for number, ((code, title, text), contexts) in enumerate(data["criteria"], start=1):
            criterion = Criterion.objects.create(
                guideline=guideline, code=code, number=str(number), order=number, contexts=contexts
            )
            version = CriterionVersion.objects.create(criterion=criterion, version=1, title=title, text=text)
            criterion.current = version
            criterion.save(update_fields=["current"])


def backwards(apps, schema_editor):
    Guideline = apps.get_model("guidelines", "Guideline")
    Criterion = apps.get_model("guidelines", "Criterion")
    CriterionVersion = apps.get_model("guidelines", "CriterionVersion")
    names = [g["short_name"] for g in GUIDELINES]
    Criterion.objects.filter(guideline__short_name__in=names).update(current=None)
    CriterionVersion.objects.filter(criterion__guideline__short_name__in=names).delete()
    Criterion.objects.filter(guideline__short_name__in=names).delete()
    Guideline.objects.filter(short_name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
