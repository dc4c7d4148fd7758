"""What a reader keeps readable offline: the library and the guidelines in force in their operation."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cmcoord.registry import OfflinePage

from .permissions import visible_guidelines
from .selectors import guidelines_in_force


def guideline_pages(user, operation, role) -> list[OfflinePage]:
    """The library's first page and each guideline in force here that the reader may read."""
    in_force = guidelines_in_force(operation).filter(pk__in=visible_guidelines(user).values("pk"))
    pages = [OfflinePage(reverse("guidelines:library"), _("Guidelines"))]
    pages += [OfflinePage(g.get_absolute_url(), str(g)) for g in in_force]
    return pages
