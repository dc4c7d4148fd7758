"""The tasking page of an approved request ranks the declared assets with their reasons; the officer chooses
one and tasks the force; the asset is named for the task."""

import re

from capabilities.models import Assignment
from cmcoord.models import AuditEvent
from requests.models import Task
from tests.requests.hct_helpers import approved


def test_the_tasking_page_ranks_the_forces_assets_with_their_reasons(cast, make_request, declare, client_for):
    rfa = approved(cast, make_request)  # approved with "Unarmed personnel only"
    trucks = declare(force=cast.other_force, capability="land_transport", description="Kamaz trucks")
    armed = declare(description="Armed Lynx helicopters", constraints=["armed_crew"])
    oryx = declare(description="Oryx helicopters", quantity=2, payload_kg=8000)
    html = client_for(cast.officer).get(f"/requests/{rfa.pk}/task/").content.decode()
    order = [
        m.start() for m in (re.search(d, html) for d in ("Oryx helicopters", "Armed Lynx", "Kamaz trucks"))
    ]
    assert order == sorted(order)
    assert (
        "Capacity covers the load: 32 passengers (2 needed); 16000 kg (12000 needed); 40 m³ (36 needed)."
        in html
    )
    assert "Blocking: “Armed crew” conflicts with the condition “Unarmed personnel only”." in html
    assert "Offers Land transport, not Air transport." in html
    assert f"?force={cast.force.pk}&amp;asset={oryx.pk}" in html
    # a blocked asset or one of another capability cannot be chosen from the list
    assert f"asset={armed.pk}" not in html and f"asset={trucks.pk}" not in html


def test_choosing_an_asset_preselects_the_force_and_names_the_asset_for_the_task(
    cast, make_request, declare, client_for
):
    rfa = approved(cast, make_request)
    oryx = declare(description="Oryx helicopters")
    officer = client_for(cast.officer)
    page = officer.get(f"/requests/{rfa.pk}/task/?force={cast.force.pk}&asset={oryx.pk}").content.decode()
    assert f'<option value="{cast.force.pk}" selected>' in page
    assert f'<input type="hidden" name="asset" value="{oryx.pk}" form="task-form">' in page
    response = officer.post(
        f"/requests/{rfa.pk}/task/",
        {"force": cast.force.pk, "poc": cast.requester.pk, "poc_phone": "+258 84 1", "asset": oryx.pk},
    )
    assert response.status_code == 302
    task = Task.objects.get(request=rfa)
    assignment = Assignment.objects.get(task=task)
    assert assignment.asset == oryx and assignment.state == "proposed"
    assert AuditEvent.objects.for_object(oryx).filter(verb="asset.propose", actor=cast.officer).exists()


def test_an_asset_of_another_force_is_not_named_and_the_officer_is_told(
    cast, make_request, declare, client_for
):
    rfa = approved(cast, make_request)
    trucks = declare(force=cast.other_force)
    response = client_for(cast.officer).post(
        f"/requests/{rfa.pk}/task/",
        {"force": cast.force.pk, "poc": cast.requester.pk, "asset": trucks.pk},
        follow=True,
    )
    assert Task.objects.filter(request=rfa, force=cast.force).exists()
    assert not Assignment.objects.exists()
    assert "The task names no asset" in response.content.decode()


def test_without_assets_the_page_says_so_and_tasking_works_as_before(cast, make_request, client_for):
    rfa = approved(cast, make_request)
    officer = client_for(cast.officer)
    assert (
        "No force has declared an asset in this operation yet."
        in officer.get(f"/requests/{rfa.pk}/task/").content.decode()
    )
    officer.post(f"/requests/{rfa.pk}/task/", {"force": cast.force.pk, "poc": cast.requester.pk})
    assert Task.objects.filter(request=rfa).exists()
