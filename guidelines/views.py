from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .permissions import get_guideline_for_user


@login_required
def guideline_detail(request, pk: int):
    """A guideline with its current criteria."""
    guideline = get_guideline_for_user(request.user, pk)
    criteria = guideline.criteria.select_related("current").order_by("order", "number")
    return render(request, "guidelines/detail.html", {"guideline": guideline, "criteria": criteria})
