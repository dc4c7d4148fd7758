"""What a reader keeps readable offline: the operation's directory pages they may see."""

import math

from django.urls import reverse
from django.utils.translation import gettext as _

from cmcoord.registry import OfflinePage

from . import selectors

PAGE_SIZE = 25  # the directory's page size (views.PAGE_SIZE)
MAX_PAGES = 4


def directory_pages(user, operation, role) -> list[OfflinePage]:
    """The first directory pages (name, organisation, function, phone, email of each contact shared with
    the reader); a contact's card is kept once the reader has opened it."""
    count = selectors.directory(user, operation).count()
    url = reverse("contacts:directory")
    pages = [OfflinePage(url, _("Contacts"))]
    for number in range(2, min(MAX_PAGES, math.ceil(count / PAGE_SIZE)) + 1):
        pages.append(OfflinePage(f"{url}?page={number}", _("Contacts, page %(number)s") % {"number": number}))
    return pages
