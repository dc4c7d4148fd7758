"""The rest of the global and regional library, as data, in our own words (never the documents' text):

- IASC armed escorts (2013): complex emergencies, global, but it APPLIES ON DEMAND (applies_by_default False).
  Its criteria are about armed escorts only, with their own codes (escort_*), so they never replace or add to
  the seven last-resort criteria of an ordinary request: they enter an operation's assessments only once a
  CMCoord officer marks the guideline in force for an operation where convoys need escorts.
- UN-CMCoord Field Handbook: OCHA's practical handbook. It consolidates and explains the Oslo and MCDA
  Guidelines rather than setting provisions of its own, so it sets NO assessment criteria: repeating the
  Oslo/MCDA questions under a third guideline would only duplicate them. Version 2.0 (2018) supersedes
  version 1.0 (2015), which stays on record, marked superseded.
- APC-MADRO (Asia-Pacific, natural disasters): regional, so never in force by default (only global guidelines
  are); an officer of an Asia-Pacific operation marks it in force. Its criteria share the Oslo codes where they
  ask the same question, in the regional wording (precedence 40 beats Oslo's 50), and add one of its own.
"""

from django.db import migrations
from django.utils.translation import gettext_noop

IASC = {
    "short_name": "IASC armed escorts",
    "title": gettext_noop("IASC Non-Binding Guidelines on the Use of Armed Escorts for Humanitarian Convoys"),
    "issuer": gettext_noop("Inter-Agency Standing Committee (IASC)"),
    "year": 2013,
    "scope": "global",
    "contexts": "complex_emergency",
    "precedence": 20,
    "applies_by_default": False,
    "version": "",
    "url": "https://reliefweb.int/report/world/iasc-non-binding-guidelines-use-armed-escorts-humanitarian-convoys",
    "summary": gettext_noop("When, exceptionally, a humanitarian convoy may travel with an armed escort, and how. The "
    "general rule is no armed escorts: alternatives for safe access come first, and an escort is a last "
    "resort, used only when a set of key criteria is met and for as short a time as possible. Updates the "
    "IASC discussion paper and guidelines of 2001."),
    "criteria": [
        (
            "escort_last_resort",
            gettext_noop("Armed escort only as a last resort"),
            gettext_noop("An armed escort is an exception, used only in exceptional circumstances when there is no other "
            "way to reach people in critical need; it is never the default for a convoy."),
        ),
        (
            "escort_no_alternative",
            gettext_noop("No alternative means of access"),
            gettext_noop("Alternatives were tried or ruled out first: negotiated access and acceptance, a lower profile, "
            "different routes or timing, remote delivery. Say which and why they fail."),
        ),
        (
            "escort_need_and_criticality",
            gettext_noop("Humanitarian need and programme criticality"),
            gettext_noop("The needs the convoy serves are severe and the programme is critical enough to justify the "
            "risks that an armed escort brings to the perception of humanitarian independence."),
        ),
        (
            "escort_responsible_authority",
            gettext_noop("The responsible authorities cannot provide security"),
            gettext_noop("The authorities responsible for security along the route are unable or unwilling to provide "
            "a secure environment without an armed escort."),
        ),
        (
            "escort_security_assessment",
            gettext_noop("Security risk assessment done"),
            gettext_noop("A security risk assessment shows that the escort lowers the risk to convoy staff and to the "
            "people served, rather than making the convoy a target."),
        ),
        (
            "escort_humanitarian_control",
            gettext_noop("The convoy stays under humanitarian control"),
            gettext_noop("The humanitarian convoy leader remains in charge of the convoy; the escort provider follows "
            "agreed rules (distance, separate vehicles, no combat role) and does not direct the convoy."),
        ),
        (
            "escort_sustainable_with_exit",
            gettext_noop("Sustainable, with an exit plan"),
            gettext_noop("The escort arrangement is time-bound and reviewed regularly, with a plan to return to "
            "unescorted access as soon as conditions allow."),
        ),
    ],
}

HANDBOOK_V1 = {
    "short_name": "UN-CMCoord Field Handbook",
    "title": gettext_noop("UN-CMCoord Field Handbook"),
    "issuer": "OCHA",
    "year": 2015,
    "scope": "global",
    "contexts": "both",
    "precedence": 90,
    "applies_by_default": True,
    "version": "1.0",
    "url": "",
    "summary": gettext_noop("First edition of OCHA's field handbook for humanitarian civil-military coordination: the "
    "concepts, the guidelines and the practice of dialogue and coordination with armed actors."),
    "criteria": [],
}

HANDBOOK_V2 = {
    **HANDBOOK_V1,
    "year": 2018,
    "version": "2.0",
    "summary": gettext_noop("OCHA's practical handbook for humanitarian civil-military coordination in natural disasters "
    "and complex emergencies: the humanitarian principles, the guidelines and how to apply them, the "
    "coordination platforms (HuMOCC, CMCoord cell, civil-military working group) and the officer's tasks. "
    "It explains the Oslo and MCDA Guidelines and sets no criteria of its own."),
}

APC_MADRO = {
    "short_name": "APC-MADRO",
    "title": gettext_noop("Asia-Pacific Regional Guidelines for the Use of Foreign Military Assets in Natural Disaster "
    "Response Operations"),
    "issuer": gettext_noop("OCHA Regional Office for Asia and the Pacific, with the APC-MADRO conferences"),
    "year": 2014,
    "scope": "regional",
    "region": gettext_noop("Asia-Pacific"),
    "contexts": "natural_disaster",
    "precedence": 40,
    "applies_by_default": False,
    "version": "8.01",
    "url": "https://reliefweb.int/report/world/"
    "asia-pacific-regional-guidelines-use-foreign-military-assets-natural-disaster-response",
    "summary": gettext_noop("A regional reference, read together with the Oslo Guidelines, for States that send or receive "
    "foreign military assets after a natural disaster in Asia and the Pacific, and for humanitarian "
    "organisations: roles of the affected, assisting and transit States, and how foreign forces coordinate "
    "with the affected State and the humanitarian community. Issued in 2010; version 8.01 of 2014."),
    "criteria": [
        (
            "civilian_led",
            gettext_noop("The affected State leads and coordinates"),
            gettext_noop("The assets support the affected State's disaster response, under its national coordination "
            "and in support of the civilian humanitarian effort."),
        ),
        (
            "limited_with_exit",
            gettext_noop("Time-bound, with a transition to civilians"),
            gettext_noop("The deployment is limited in time and ends with a planned handover to the affected State and "
            "civilian responders."),
        ),
        (
            "consent_no_cost",
            gettext_noop("Requested or accepted by the affected State"),
            gettext_noop("Foreign military assets deploy only at the request of, or with the consent of, the affected "
            "State, and at no cost to it unless it agreed otherwise."),
        ),
        (
            "apc_coordination_mechanism",
            gettext_noop("Coordinated through the agreed civil-military mechanism"),
            gettext_noop("The assisting force works through the coordination mechanism the affected State set up (for "
            "example a multinational coordination centre) and shares information with the humanitarian "
            "civil-military coordination platform."),
        ),
    ],
}

ORDER = {
    "escort_last_resort": 11,
    "escort_no_alternative": 12,
    "escort_need_and_criticality": 13,
    "escort_responsible_authority": 14,
    "escort_security_assessment": 15,
    "escort_humanitarian_control": 16,
    "escort_sustainable_with_exit": 17,
    "consent_no_cost": 6,
    "civilian_led": 4,
    "limited_with_exit": 5,
    "apc_coordination_mechanism": 9,
}


def create(apps, data, supersedes=None):
    Guideline = apps.get_model("guidelines", "Guideline")
    Criterion = apps.get_model("guidelines", "Criterion")
    CriterionVersion = apps.get_model("guidelines", "CriterionVersion")
    guideline = Guideline.objects.create(
        title=data["title"],
        short_name=data["short_name"],
        issuer=data["issuer"],
        year=data["year"],
        scope=data["scope"],
        region=data.get("region", ""),
        contexts=data["contexts"],
        summary=data["summary"],
        url=data["url"],
        version=data["version"],
        is_public=True,
        precedence=data["precedence"],
        applies_by_default=data["applies_by_default"],
        supersedes=supersedes,
    )
    for number, (code, title, text) in enumerate(data["criteria"], start=1):
        criterion = Criterion.objects.create(
            guideline=guideline, code=code, number=str(number), order=ORDER[code], contexts=data["contexts"]
        )
        version = CriterionVersion.objects.create(criterion=criterion, version=1, title=title, text=text)
        criterion.current = version
        criterion.save(update_fields=["current"])
    return guideline


def forwards(apps, schema_editor):
    create(apps, IASC)
    create(apps, HANDBOOK_V2, supersedes=create(apps, HANDBOOK_V1))
    create(apps, APC_MADRO)


def backwards(apps, schema_editor):
    Guideline = apps.get_model("guidelines", "Guideline")
    Criterion = apps.get_model("guidelines", "Criterion")
    CriterionVersion = apps.get_model("guidelines", "CriterionVersion")
    names = [IASC["short_name"], HANDBOOK_V1["short_name"], APC_MADRO["short_name"]]
    ours = Guideline.objects.filter(short_name__in=names, operation__isnull=True)
    Criterion.objects.filter(guideline__in=ours).update(current=None)
    CriterionVersion.objects.filter(criterion__guideline__in=ours).delete()
    Criterion.objects.filter(guideline__in=ours).delete()
    ours.filter(supersedes__isnull=False).delete()
    ours.delete()


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0003_applies_by_default")]
    operations = [migrations.RunPython(forwards, backwards)]
