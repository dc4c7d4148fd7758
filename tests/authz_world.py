"""The world the authorization matrix walks: one object of each kind, in each state the matrix names."""

import datetime
import json
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import token_create
from capabilities import services as capability_services
from cmcoord import notifications
from cmcoord.models import Notification
from contacts.models import Contact, ImportBatch
from contacts.services import PlatformFields, platform_create
from deconfliction import services as deconfliction_services
from deconfliction.models import Kind
from guidelines.models import Guideline
from maps import services as map_services
from operations import services as operation_services
from requests.models import AssistanceRequest, ExportJob, Meeting, RequestAttachment
from tests.capabilities.conftest import asset_data
from tests.contacts.conftest import make_contact
from tests.deconfliction.conftest import site_fields
from tests.factories import UserFactory
from tests.requests.hct_helpers import tasked, written

S = AssistanceRequest.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_world(cast, make_request) -> SimpleNamespace:
    officer = cast.officer
    draft = make_request(status=S.DRAFT)
    with_hct, referral = written(cast, make_request)
    done, task = tasked(cast, make_request)
    attachments = {}
    for state, rfa in (("draft", draft), ("with_hct", with_hct), ("tasked", done)):
        attachments[state] = RequestAttachment.objects.create(
            request=rfa,
            file=ContentFile(PDF, name="manifest.pdf"),
            name="manifest.pdf",
            size=len(PDF),
            uploaded_by=officer,
        )
    everyone = make_contact(
        cast.operation, cast.wfp, "Eve Everyone", sharing=Contact.Sharing.EVERYONE, actor=officer
    )
    humanitarian = make_contact(
        cast.operation, cast.unicef, "Hugo Humanitarian", sharing=Contact.Sharing.HUMANITARIAN, actor=officer
    )
    platform = platform_create(
        operation=cast.operation,
        actor=officer,
        fields=PlatformFields(
            name="Beira HuMOCC", kind="humocc", meeting_schedule="Daily", chair=everyone, members=[everyone]
        ),
    )
    guideline = Guideline(
        title="HCT country guidance",
        short_name="MOZ guidance",
        issuer="HCT Mozambique",
        year=2026,
        scope=Guideline.Scope.COUNTRY,
        operation=cast.operation,
        contexts="both",
        version="1",
        is_public=False,
    )
    guideline.document.save("moz.pdf", SimpleUploadedFile("moz.pdf", PDF), save=True)
    batch = ImportBatch.objects.create(
        operation=cast.operation, created_by=officer, filename="c.csv", rows=[]
    )
    notification = Notification.objects.filter(recipient=officer).first()
    if notification is None:
        from django.db import transaction

        with transaction.atomic():
            notifications.notify(
                kind=notifications.MEMBERSHIP_GRANTED,
                recipients=[officer],
                operation=cast.operation,
                context={"role_label": "CMCoord officer"},
                link="/",
                dedupe_key="matrix",
            )
        notification = Notification.objects.get(recipient=officer, dedupe_key="matrix")
    token, _raw = token_create(user=officer, name="matrix")
    place = map_services.place_add(
        operation=cast.operation, actor=officer, name="Beira port", kind="port", lat="-19.83", lon="34.84"
    )
    road = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "N6"},
                "geometry": {"type": "LineString", "coordinates": [[34.86, -19.83], [34.74, -19.61]]},
            }
        ],
    }
    layer = map_services.layer_upload(
        operation=cast.operation, actor=officer, name="Roads", kind="roads", raw=json.dumps(road).encode()
    )
    invitation = operation_services.invitation_create(
        operation=cast.operation,
        actor=officer,
        email="invitee@example.org",
        role="observer",
        organization=cast.wfp,
    )
    asset = capability_services.asset_declare(
        operation=cast.operation, actor=cast.liaison, force=cast.force, data=asset_data()
    )
    site = deconfliction_services.notification_submit(
        operation=cast.operation,
        organization=cast.wfp,
        kind=Kind.SITE,
        actor=cast.requester,
        fields=site_fields(),
    )
    deconfliction_services.notification_transmit(notification=site, actor=officer, parties=[cast.force])
    transmission = site.transmissions.get(party=cast.force)
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True, organization=cast.ocha)
    TOTPDevice.objects.create(user=staff, name="test", confirmed=True)
    # A background export of the officer's, ready: only the officer may see its page and download it.
    export_job = ExportJob.objects.create(
        operation=cast.operation,
        requested_by=officer,
        fmt="csv",
        status=ExportJob.Status.READY,
        rows_done=3,
        rows_total=3,
        file=ContentFile(b"Reference\n", name="requests.csv"),
        finished_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    # An HCT meeting, scheduled, with a minutes file (set-up: written directly): the HCT and its
    # secretariat only.
    meeting = Meeting.objects.create(
        operation=cast.operation,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        place="OCHA office, Beira",
        created_by=officer,
    )
    meeting.minutes_file.save("minutes.pdf", ContentFile(PDF, name="minutes.pdf"), save=True)
    return SimpleNamespace(
        meeting=meeting,
        export_job=export_job,
        requests={"draft": draft, "with_hct": with_hct, "tasked": done},
        attachments=attachments,
        referral=referral,
        task=task,
        decision=done.decisions.first() if hasattr(done, "decisions") else None,
        contacts={"everyone": everyone, "humanitarian": humanitarian},
        platform=platform,
        guideline=guideline,
        batch=batch,
        notification=notification,
        token=token,
        staff=staff,
        place=place,
        layer=layer,
        invitation=invitation,
        membership=cast.operation.memberships.get(user=cast.requester),
        asset=asset,
        site=site,
        transmission=transmission,
        created=timezone.now() - datetime.timedelta(seconds=1),
    )
