"""Load the demo operation: a cyclone response in Mozambique, its organisations and one account per role."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from cmcoord import registry
from cmcoord.models import Operation, Organization, Role
from cmcoord.services import membership_set

DEMO_PASSWORD = "cmcoord-demo-2026"

ORGANIZATIONS = [
    ("UN Office for the Coordination of Humanitarian Affairs", "OCHA", Organization.Type.UN_AGENCY, ""),
    ("World Food Programme", "WFP", Organization.Type.UN_AGENCY, ""),
    ("International Organization for Migration", "IOM", Organization.Type.UN_AGENCY, ""),
    ("United Nations Children's Fund", "UNICEF", Organization.Type.UN_AGENCY, ""),
    ("Médecins Sans Frontières", "MSF", Organization.Type.INGO, ""),
    ("Mozambique Red Cross", "CVM", Organization.Type.RED_CROSS, "Mozambique"),
    (
        "National Institute for Disaster Risk Management",
        "INGD",
        Organization.Type.CIVIL_GOVERNMENT,
        "Mozambique",
    ),
    ("European Civil Protection and Humanitarian Aid Operations", "ECHO", Organization.Type.DONOR, ""),
    ("Armed Defence Forces of Mozambique", "FADM", Organization.Type.NATIONAL_ARMED_FORCES, "Mozambique"),
    ("South African National Defence Force", "SANDF", Organization.Type.FOREIGN_MILITARY, "South Africa"),
]

# username, first, last, organisation acronym, role, title
ACCOUNTS = [
    ("officer", "Amina", "Okafor", "OCHA", Role.CMCOORD_OFFICER, "Humanitarian Affairs Officer (CMCoord)"),
    ("requester", "Luis", "Matsinhe", "WFP", Role.REQUESTER, "Logistics Officer"),
    ("hct", "Sofia", "Almeida", "UNICEF", Role.HCT_MEMBER, "Representative"),
    ("hct2", "Daniel", "Mensah", "IOM", Role.HCT_MEMBER, "Chief of Mission"),
    ("hc", "Myrta", "Lindqvist", "OCHA", Role.HC, "Humanitarian Coordinator"),
    ("liaison", "Thabo", "Nkosi", "SANDF", Role.MILITARY_LIAISON, "Liaison Officer, Joint Task Force"),
    ("liaison2", "Jaime", "Cossa", "FADM", Role.MILITARY_LIAISON, "Liaison Officer"),
    ("observer", "Claire", "Dubois", "ECHO", Role.OBSERVER, "Head of Office"),
]


class Command(BaseCommand):
    help = "Create (or refresh) the demo operation with one account per role; prints the accounts."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        operation, _ = Operation.objects.update_or_create(
            code="MOZ",
            defaults={
                "name": "Cyclone response — Mozambique",
                "country": "Mozambique",
                "context": Operation.Context.NATURAL_DISASTER,
                "status": Operation.Status.ACTIVE,
                "start_date": datetime.date(2026, 3, 14),
            },
        )
        orgs = {}
        for name, acronym, org_type, country in ORGANIZATIONS:
            orgs[acronym], _ = Organization.objects.update_or_create(
                name=name, defaults={"acronym": acronym, "type": org_type, "country": country}
            )
        operation.organizations.add(*orgs.values())

        admin, created = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"}
        )
        admin.set_password(DEMO_PASSWORD)
        admin.save()

        rows = [("admin", "Django admin (staff)", "—")]
        users = {"admin": admin}
        for username, first, last, acronym, role, title in ACCOUNTS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.cmcoord.example",
                    "organization": orgs[acronym],
                    "title": title,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            membership_set(operation=operation, user=user, role=role, actor=admin)
            rows.append((username, Role(role).label, acronym))
            users[username] = user

        for seeder in registry.demo_seeders():
            seeder(operation=operation, users=users, organizations=orgs)

        self.stdout.write(self.style.SUCCESS(f"Demo operation: {operation.name} ({operation.code})"))
        self.stdout.write(f"Every account's password: {DEMO_PASSWORD}")
        for username, role_label, org in rows:
            self.stdout.write(f"  {username:<10} {role_label:<32} {org}")
