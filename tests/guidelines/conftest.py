import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guidelines.models import Guideline

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pdf():
    def make(name="guidance.pdf", content=PDF):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture
def internal(cast):
    """An HCT-internal country guideline of the cast's operation, with an uploaded document."""
    guideline = Guideline(
        title="HCT country guidance on civil-military coordination",
        short_name="MOZ CMCoord guidance",
        issuer="HCT Mozambique",
        year=2026,
        scope=Guideline.Scope.COUNTRY,
        operation=cast.operation,
        contexts="both",
        summary="Internal guidance: no armed escorts for food distributions in Cabo Delgado.",
        version="1",
        is_public=False,
    )
    guideline.document.save("moz-guidance.pdf", SimpleUploadedFile("moz-guidance.pdf", PDF), save=True)
    return guideline


@pytest.fixture
def public_country(cast):
    """A public country guideline of the cast's operation, with an uploaded document."""
    guideline = Guideline(
        title="Mozambique country guidelines for civil-military coordination",
        short_name="MOZ public guidelines",
        issuer="HCT Mozambique",
        year=2026,
        scope=Guideline.Scope.COUNTRY,
        operation=cast.operation,
        contexts="both",
        is_public=True,
    )
    guideline.document.save("moz-public.pdf", SimpleUploadedFile("moz-public.pdf", PDF), save=True)
    return guideline


def get(short_name: str, *, current: bool = True) -> Guideline:
    queryset = Guideline.objects.filter(short_name=short_name, operation__isnull=True)
    if current:
        queryset = queryset.filter(superseded_by__isnull=True)
    return queryset.get()
