"""The OpenAPI schema says what each reader gets: a humanitarian reader the whole contact (`Contact`), a
military reader the work fields only (`ContactForMilitary`), the answers offering one of the two."""

from drf_spectacular.utils import PolymorphicProxySerializer

from .serializers import ContactSerializer, MilitaryContactSerializer

MILITARY_COMPONENT = "ContactForMilitary"


def contact_for_reader(many: bool = False):
    return PolymorphicProxySerializer(
        component_name="ContactForReader",
        serializers=[ContactSerializer, MilitaryContactSerializer],
        resource_type_field_name=None,
        many=many,
    )


def military_contact_closed(result, generator, request, public):
    """drf-spectacular post-processing hook: a military reader's contact never has another field (the personal
    ones above all), so a humanitarian contact is never read as one (the two of a oneOf stay apart)."""
    contact = result.get("components", {}).get("schemas", {}).get(MILITARY_COMPONENT)
    if contact is not None:
        contact["additionalProperties"] = False
    return result
