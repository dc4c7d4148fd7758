from types import SimpleNamespace

import pytest

from contacts.models import Contact, ContactPhone
from contacts.services import ContactFields, PlatformFields, contact_create, platform_create


def make_contact(operation, organization, name, *, sharing, actor, notes="", email=None, **extra):
    return contact_create(
        operation=operation,
        actor=actor,
        fields=ContactFields(
            name=name,
            organization=organization,
            title=extra.pop("title", "Officer"),
            emails=[email or name.lower().replace(" ", ".") + "@example.org"],
            phones=extra.pop("phones", [(ContactPhone.Kind.MOBILE, "+258 84 000 0000")]),
            notes=notes,
            sharing=sharing,
            **extra,
        ),
    )


@pytest.fixture
def directory(cast):
    """One contact per sharing level in the operation (each with a tell-tale note), one in another operation,
    and a platform whose members are all three."""
    officer = cast.officer
    everyone = make_contact(
        cast.operation,
        cast.wfp,
        "Eve Everyone",
        sharing=Contact.Sharing.EVERYONE,
        actor=officer,
        notes="NOTE-EVERYONE-PRIVATE",
        languages="English, Portuguese",
        functions=["logistics"],
    )
    humanitarian = make_contact(
        cast.operation,
        cast.unicef,
        "Hugo Humanitarian",
        sharing=Contact.Sharing.HUMANITARIAN,
        actor=officer,
        notes="NOTE-HUMANITARIAN-PRIVATE",
    )
    ocha = make_contact(
        cast.operation,
        cast.ocha,
        "Olga Ochaonly",
        sharing=Contact.Sharing.OCHA,
        actor=officer,
        notes="NOTE-OCHA-PRIVATE",
    )
    elsewhere = make_contact(
        cast.other_operation,
        cast.ocha,
        "Haiti Person",
        sharing=Contact.Sharing.EVERYONE,
        actor=cast.other_officer,
        notes="NOTE-HAITI",
    )
    platform = platform_create(
        operation=cast.operation,
        actor=officer,
        fields=PlatformFields(
            name="Beira HuMOCC",
            kind="humocc",
            meeting_schedule="Daily 08:30",
            chair=ocha,
            members=[everyone, humanitarian, ocha],
        ),
    )
    return SimpleNamespace(
        everyone=everyone, humanitarian=humanitarian, ocha=ocha, elsewhere=elsewhere, platform=platform
    )
