"""The OpenAPI schema says what a military reader gets: a contact without its personal fields."""

from ..permissions import PERSONAL_FIELDS


def personal_fields_optional(result, generator, request, public):
    """drf-spectacular post-processing hook: the personal fields of a contact are present for humanitarian
    readers only (military readers get the work fields), so the schema does not require them."""
    contact = result.get("components", {}).get("schemas", {}).get("Contact")
    if contact and "required" in contact:
        contact["required"] = [name for name in contact["required"] if name not in PERSONAL_FIELDS]
        for name in PERSONAL_FIELDS:
            if name in contact.get("properties", {}):
                contact["properties"][name]["description"] = "Humanitarian readers only."
    return result
