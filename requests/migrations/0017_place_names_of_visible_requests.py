"""A misspelt place is compared with the names of places that the person may find (issue 15).

0016 compared it with every name a leg ever gave (requests_places_like): a name that only another operation's
request, or a request the person may not see, gave could change what they found, and so tell them that the
place was named there. requests.search.names_like now keeps the names that a leg of a request the person may
find gives, through these indexes of the legs' names; the function is no longer asked for.
"""

from django.db import migrations, models

PLACES_LIKE = r"""
CREATE FUNCTION requests_places_like(value text) RETURNS tsquery LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT string_agg(words::text, ' | ')::tsquery
      FROM requests_placename place, LATERAL (SELECT plainto_tsquery('simple', place.name) AS words) named
     WHERE value <% place.name AND numnode(named.words) > 0
$$;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION requests_places_like(text)", params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PLACES_LIKE, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0016_place_names"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="requestleg",
            index=models.Index(fields=["from_name"], name="request_leg_from_name"),
        ),
        migrations.AddIndex(
            model_name="requestleg",
            index=models.Index(fields=["to_name"], name="request_leg_to_name"),
        ),
        migrations.RunPython(forward, backward),
    ]
