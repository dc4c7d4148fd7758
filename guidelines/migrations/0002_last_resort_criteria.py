"""The last-resort criteria of DOMAIN.md, as data: the Oslo Guidelines (natural disasters) set criteria 1-6; the
MCDA Guidelines (complex emergencies) set the same six in their stricter form and a seventh. Wording is ours."""

from django.db import migrations

COMMON = [
    (
        "no_civilian_alternative",
        "No comparable civilian alternative",
        "The need cannot be met with the civilian assets available; say which civilian options were tried.",
    ),
    (
        "unique_capability",
        "Unique capability and availability",
        "The asset offers a capability that nothing else available offers, and it is available in time.",
    ),
    (
        "timeliness",
        "Timeliness",
        "The need is urgent enough that waiting for civilian means would cost lives.",
    ),
    (
        "civilian_led",
        "Complementary and civilian-led",
        "The asset complements civilian capacity and is used under civilian direction and coordination.",
    ),
    (
        "limited_with_exit",
        "Limited in time and scale, with an exit strategy",
        "The use is limited in time and scale, and a clear plan hands the work back to civilians.",
    ),
    (
        "consent_no_cost",
        "Consent, at no cost",
        "The affected State requested or consented to the assistance, which comes at no cost to it.",
    ),
]
STRICT = (
    "no_direct_assistance_neutrality",
    "No direct assistance; neutrality and access protected",
    "In a complex emergency the military provides no direct assistance to affected people, and the asset's use "
    "does not put humanitarian neutrality, impartiality, independence or future access at risk.",
)

GUIDELINES = [
    {
        "short_name": "Oslo Guidelines",
        "title": "Guidelines on the Use of Foreign Military and Civil Defence Assets in Disaster Relief",
        "issuer": "OCHA",
        "year": 2007,
        "contexts": "natural_disaster",
        "precedence": 50,
        "version": "1.1",
        "summary": "How foreign military and civil defence assets may support relief after natural, "
        "technological and environmental disasters in peacetime: as a last resort, under civilian control.",
        "criteria": [(c, "natural_disaster" if i < 6 else "both") for i, c in enumerate(COMMON)],
    },
    {
        "short_name": "MCDA Guidelines",
        "title": "Guidelines on the Use of Military and Civil Defence Assets to Support United Nations "
        "Humanitarian Activities in Complex Emergencies",
        "issuer": "OCHA",
        "year": 2003,
        "contexts": "complex_emergency",
        "precedence": 10,
        "version": "1.1",
        "summary": "When and how military and civil defence assets may support UN humanitarian activities in "
        "complex emergencies, where the distinction between humanitarian and military actors is critical.",
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
