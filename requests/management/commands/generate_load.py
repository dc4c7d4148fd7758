"""Fill an operation with many requests, tasks, contacts and notifications for the benchmarks (bulk inserts).

    python manage.py seed_demo
    python manage.py generate_load --requests 100000 --tasks 30000 --contacts 5000 --notifications 50000

The rows are written straight into the tables (no services, no audit events): a load for measuring lists,
never data for a live operation. The operation's reference counter is moved past the generated numbers so
requests logged afterwards through the services still get unique references.
"""

import datetime
import random
import time

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from cmcoord.models import AuditEvent, Notification, Operation, Organization, Role, User
from contacts.models import Contact
from requests.models import (
    AssistanceRequest,
    ReferenceCounter,
    RequestLeg,
    Task,
    TaskGroupObjectPermission,
)

S = AssistanceRequest.Status
T = Task.Status

# Places of the Cyclone Idai response (Sofala and Manica), with coordinates.
PLACES = [
    ("Beira", -19.8436, 34.8389),
    ("Buzi", -19.8756, 34.6058),
    ("Dondo", -19.6094, 34.7431),
    ("Nhamatanda", -19.2667, 34.2000),
    ("Chimoio", -19.1164, 33.4833),
    ("Tica", -19.4167, 34.4333),
    ("Guara-Guara", -19.9500, 34.3667),
    ("Mafambisse", -19.3500, 34.1167),
    ("Muanza", -18.9000, 34.7667),
    ("Chibabava", -20.2833, 33.6833),
    ("Machanga", -20.9667, 35.0167),
    ("Nova Sofala", -20.1833, 34.7333),
    ("Estaquinha", -20.0333, 34.4167),
    ("Inhamitanga", -18.2000, 35.0000),
    ("Caia", -17.8167, 35.3333),
    ("Marromeu", -18.2833, 35.9333),
    ("Gorongosa", -18.6833, 34.0667),
    ("Lamego", -19.3167, 34.3000),
    ("Sussundenga", -19.3333, 33.2333),
    ("Mossurize", -20.6667, 33.0333),
]
CARGO = [
    "maize meal",
    "high-energy biscuits",
    "water purification tablets",
    "shelter kits",
    "tarpaulins",
    "cholera kits",
    "oral rehydration salts",
    "mosquito nets",
    "jerrycans",
    "hygiene kits",
    "vaccines (cold chain)",
    "tents",
    "school-in-a-box kits",
    "plumpy'nut",
]
PEOPLE = [
    "health workers",
    "WASH engineers",
    "assessment team",
    "nutrition staff",
    "protection officers",
    "logisticians",
]
FIRST = ["Amina", "Luis", "Sofia", "Daniel", "Thabo", "Jaime", "Claire", "Fatima", "João", "Grace", "Ivo"]
LAST = ["Okafor", "Matsinhe", "Almeida", "Mensah", "Nkosi", "Cossa", "Dubois", "Macuácua", "Tembe", "Sitoe"]
TITLES = [
    "Logistics Officer",
    "Field Coordinator",
    "Health Cluster Lead",
    "WASH Officer",
    "Head of Sub-Office",
]
STATUSES = [
    (S.DRAFT, 8),
    (S.SUBMITTED, 10),
    (S.UNDER_REVIEW, 8),
    (S.RETURNED, 3),
    (S.WITH_HCT, 5),
    (S.APPROVED, 6),
    (S.REJECTED, 4),
    (S.TASKED, 10),
    (S.ACCEPTED, 8),
    (S.IN_PROGRESS, 8),
    (S.COMPLETED, 20),
    (S.DECLINED, 2),
    (S.WITHDRAWN, 3),
    (S.CANCELLED, 3),
    (S.EXPIRED, 2),
]
TASK_STATUS = {
    S.TASKED: T.TASKED,
    S.ACCEPTED: T.ACCEPTED,
    S.IN_PROGRESS: T.IN_PROGRESS,
    S.COMPLETED: T.COMPLETED,
}
BATCH = 5000


# As in a real response, a few hubs are in most requests and the villages in few: weights 1/rank (Zipf).
PLACE_WEIGHTS = [1 / rank for rank in range(1, len(PLACES) + 1)]


def _places(rng: random.Random, k: int) -> list[tuple[str, float, float]]:
    """k different places, the hubs more often than the villages."""
    chosen: list[tuple[str, float, float]] = []
    while len(chosen) < k:
        place = rng.choices(PLACES, weights=PLACE_WEIGHTS)[0]
        if place not in chosen:
            chosen.append(place)
    return chosen


def _text(rng: random.Random, place: str, other: str, cargo: str) -> tuple[str, str, str]:
    capability = rng.choice(
        [AssistanceRequest.Capability.AIR_TRANSPORT] * 4
        + [AssistanceRequest.Capability.LAND_TRANSPORT] * 2
        + [AssistanceRequest.Capability.SEA_TRANSPORT, AssistanceRequest.Capability.ENGINEERING]
    )
    verb = {"air_transport": "Airlift", "sea_transport": "Boat transport", "land_transport": "Convoy"}.get(
        capability, "Engineering support"
    )
    title = f"{verb} of {cargo} to {place}"
    description = (
        f"The road from {other} to {place} is cut by the floods; {rng.randint(2, 40)} tonnes of {cargo} "
        f"wait in the warehouse at {other}. {rng.randint(500, 30000)} people in {place} and nearby villages "
        f"have had no distribution for {rng.randint(3, 20)} days. The {rng.choice(PEOPLE)} travel with the "
        "load; commercial carriers cannot reach the site before the water recedes."
    )
    return capability, title, description


class Command(BaseCommand):
    help = "Generate many requests, tasks, contacts and notifications in one operation (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--operation", default="MOZ", help="The operation's code (seed_demo makes MOZ).")
        parser.add_argument("--requests", type=int, default=100_000)
        parser.add_argument("--tasks", type=int, default=30_000, help="Tasks given to --force.")
        parser.add_argument("--force", default="SANDF", help="The acronym of the force given the tasks.")
        parser.add_argument("--contacts", type=int, default=5_000)
        parser.add_argument("--notifications", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=15)

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            operation = Operation.objects.get(code=options["operation"])
            force = Organization.objects.get(acronym=options["force"])
        except (Operation.DoesNotExist, Organization.DoesNotExist) as e:
            raise CommandError(f"{e} (run seed_demo first, or name an existing operation and force)") from e
        rng = random.Random(options["seed"])  # noqa: S311 (test data, not secrets)
        with transaction.atomic():
            requests = self._requests(operation, force, options["requests"], options["tasks"], rng)
            self._contacts(operation, options["contacts"], rng)
            self._notifications(operation, options["notifications"], rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics of every table, as autovacuum would
        self.stdout.write(
            f"{requests} requests, {options['tasks']} tasks, {options['contacts']} contacts, "
            f"{options['notifications']} notifications in {operation.code} "
            f"({time.monotonic() - started:.0f} s)"
        )

    def _requests(self, operation, force, count: int, task_count: int, rng: random.Random) -> int:
        humanitarian = list(operation.organizations.humanitarian()) or list(
            Organization.objects.humanitarian()
        )
        if not humanitarian:
            raise CommandError("The operation has no humanitarian organisation.")
        creator = (
            User.objects.filter(
                memberships__operation=operation, memberships__role=Role.CMCOORD_OFFICER
            ).first()
            or User.objects.filter(is_superuser=True).first()
        )
        if creator is None:
            raise CommandError("The operation has no CMCoord officer to log the requests.")
        base = AssistanceRequest.objects.filter(operation=operation).order_by("-number").first()
        first_number = (base.number if base else 0) + 1
        now = timezone.now()
        statuses = [s for s, w in STATUSES for _ in range(w)]
        tasked_states = list(TASK_STATUS)
        rows, legs = [], []
        for i in range(count):
            number = first_number + i
            created = now - datetime.timedelta(seconds=(count - i) * 600 + rng.randint(0, 500))
            status = (
                tasked_states[i % 4]
                if i % (max(count // max(task_count, 1), 1)) == 0
                else rng.choice(statuses)
            )
            (place, lat, lon), (other, olat, olon) = _places(rng, 2)
            capability, title, description = _text(rng, place, other, rng.choice(CARGO))
            required = created.date() + datetime.timedelta(days=rng.randint(1, 10))
            rows.append(
                AssistanceRequest(
                    operation=operation,
                    number=number,
                    reference=f"{operation.code}-{created.year}-{number:05d}",
                    status=status,
                    withdrawal_reason=(
                        rng.choice(AssistanceRequest.WithdrawalReason.values) if status == S.WITHDRAWN else ""
                    ),
                    organization=rng.choice(humanitarian),
                    requesting_officer=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    title=title,
                    capability=capability,
                    assistance_type=rng.choice(AssistanceRequest.AssistanceType.values),
                    description=description,
                    required_by=required,
                    latest_acceptable=required + datetime.timedelta(days=rng.randint(0, 7)),
                    passengers=rng.choice([0, 0, 2, 4, 8]),
                    priority=rng.choice(AssistanceRequest.Priority.values),
                    created_by=creator,
                    created_at=created,
                    updated_at=created,
                    submitted_at=None if status == S.DRAFT else created,
                    put_to_hct_at=created if status not in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW) else None,
                )
            )
            legs.append((i, 1, other, olat, olon, place, lat, lon))
            if rng.random() < 0.3:
                (third, tlat, tlon) = next(p for p in _places(rng, 3) if p[0] not in (place, other))
                legs.append((i, 2, place, lat, lon, third, tlat, tlon))
        if connection.vendor == "postgresql":
            # The ids first, then the legs, then the requests (the foreign keys are checked at commit): each
            # request's copy for the search (models.search) is written once, with its places, as when a
            # person logs a request and its legs in one transaction, instead of twice (inserted, then
            # re-placed by the legs' trigger), which would leave the copy twice its size after a bulk load.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('requests_assistancerequest', 'id'))"
                    " FROM generate_series(1, %s)",
                    [len(rows)],
                )
                for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
                    row.pk = pk
        else:
            for start in range(0, len(rows), BATCH):
                AssistanceRequest.objects.bulk_create(rows[start : start + BATCH])
        RequestLeg.objects.bulk_create(
            [
                RequestLeg(
                    request_id=rows[i].pk,
                    order=order,
                    from_name=a,
                    from_lat=round(alat, 5),
                    from_lon=round(alon, 5),
                    to_name=b,
                    to_lat=round(blat, 5),
                    to_lon=round(blon, 5),
                )
                for i, order, a, alat, alon, b, blat, blon in legs
            ],
            batch_size=BATCH,
        )
        if connection.vendor == "postgresql":
            for start in range(0, len(rows), BATCH):
                AssistanceRequest.objects.bulk_create(rows[start : start + BATCH])
        created_requests = rows
        last = first_number + count - 1
        for year in {now.year, *(r.created_at.year for r in rows[:1])}:
            ReferenceCounter.objects.update_or_create(operation=operation, year=year, defaults={"last": last})
        self._tasks(
            operation, force, [r for r in created_requests if r.status in TASK_STATUS][:task_count], rng
        )
        self._events(operation, creator, created_requests)
        return count

    def _events(self, operation, actor, requests) -> None:
        """One "logged the request" event per request: the timelines and the operation's record."""
        content_type = ContentType.objects.get_for_model(AssistanceRequest)
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    operation=operation,
                    actor=actor,
                    content_type=content_type,
                    object_id=str(r.pk),
                    object_repr=str(r)[:200],
                    verb="request.create",
                    to_state=AssistanceRequest.Status.DRAFT,
                    created_at=r.created_at,
                )
                for r in requests
            ],
            batch_size=BATCH,
        )

    def _tasks(self, operation, force, requests, rng: random.Random) -> None:
        poc = User.objects.filter(
            memberships__operation=operation, memberships__role=Role.CMCOORD_OFFICER
        ).first()
        if poc is None or not requests:
            return
        tasks = Task.objects.bulk_create(
            [
                Task(
                    request=r,
                    force=force,
                    status=TASK_STATUS[r.status],
                    poc=poc,
                    poc_name=poc.get_full_name() or poc.username,
                    poc_organization=str(poc.organization or ""),
                    poc_phone="+258 84 000 0000",
                    poc_email=poc.email,
                    tasked_by=poc,
                    tasked_at=r.created_at + datetime.timedelta(days=1),
                    accepted_at=None if r.status == S.TASKED else r.created_at + datetime.timedelta(days=1),
                    completed_on=r.required_by if r.status == S.COMPLETED else None,
                    delivered=f"{rng.randint(2, 40)} tonnes delivered" if r.status == S.COMPLETED else "",
                    updated_at=r.created_at + datetime.timedelta(days=1),
                )
                for r in requests
            ],
            batch_size=BATCH,
        )
        # The grant the services give: to the force's group of the operation (cmcoord.permissions.force_group)
        group, _ = Group.objects.get_or_create(name=f"force:{operation.pk}:{force.pk}")
        liaisons = User.objects.filter(
            memberships__operation=operation, memberships__role=Role.MILITARY_LIAISON, organization=force
        )
        group.user_set.add(*liaisons)
        view_task = Permission.objects.get(content_type__app_label="requests", codename="view_task")
        TaskGroupObjectPermission.objects.bulk_create(
            [TaskGroupObjectPermission(group=group, permission=view_task, content_object=t) for t in tasks],
            batch_size=BATCH,
        )

    def _contacts(self, operation, count: int, rng: random.Random) -> None:
        organizations = list(operation.organizations.all()) or list(Organization.objects.all())
        today = timezone.localdate()
        Contact.objects.bulk_create(
            [
                Contact(
                    operation=operation,
                    name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                    title=rng.choice(TITLES),
                    organization=rng.choice(organizations),
                    location=rng.choice(PLACES)[0],
                    languages=rng.choice(["English, Portuguese", "Portuguese", "English, French"]),
                    last_verified=today - datetime.timedelta(days=rng.randint(0, 400)),
                    sharing=rng.choice(Contact.Sharing.values),
                )
                for i in range(count)
            ],
            batch_size=BATCH,
        )

    def _notifications(self, operation, count: int, rng: random.Random) -> None:
        recipients = list(User.objects.filter(memberships__operation=operation).distinct())
        if not recipients:
            return
        now = timezone.now()
        rows = []
        for i in range(count):
            place = rng.choice(PLACES)[0]
            subject = f"Request to {place} submitted"
            rows.append(
                Notification(
                    recipient=recipients[i % len(recipients)],
                    operation=operation,
                    kind="request.submitted",
                    dedupe_key=f"generated:{i}",
                    language="en",
                    subject=subject,
                    body_text=f"{subject}. Open it to review the assessment.",
                    body_html=f"<p>{subject}. Open it to review the assessment.</p>",
                    link="/requests/",
                    email_status=Notification.EmailStatus.SENT,
                    sent_at=now - datetime.timedelta(minutes=count - i),
                    read_at=None if rng.random() < 0.2 else now,
                    created_at=now - datetime.timedelta(minutes=count - i),
                )
            )
        Notification.objects.bulk_create(rows, batch_size=BATCH)
