"""A misspelt place is compared with the names of places, not with the places of every request (issue 15).

Before (0014): `%s <% search_places`, the word similarity of pg_trgm between the value and the places of each
request that shares enough trigrams with it: for a name in 17,000 of 100,000 requests, the similarity was
computed 17,000 times (85 ms of SQL).

Now: requests_placename holds every name a leg gave a place, once (a few thousand in a real operation), with a
trigram index. requests.search.names_like answers the names that look like the value and that a leg of a
request the person may find gives (through the new indexes of the legs' names: a place named only in another
operation, or in a request the person may not see, must change nothing they find); the search finds their
words through the GIN index of the search vector, as if the person had typed the names (17 ms for the same
17,000 requests).

Kept by statement triggers on the legs (inserted, updated): their names are added; none is removed (a name
no leg uses any more is never offered). SQLite (the demo) has the table and the indexes but none of this.
"""

from django.db import migrations, models

FORWARD = r"""
INSERT INTO requests_placename (name)
SELECT DISTINCT place.name
  FROM requests_requestleg leg, LATERAL (VALUES (leg.from_name), (leg.to_name)) AS place (name)
 WHERE place.name <> '';

CREATE FUNCTION requests_legs_named() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO requests_placename (name)
    SELECT DISTINCT place.name
      FROM new_legs leg, LATERAL (VALUES (leg.from_name), (leg.to_name)) AS place (name)
     WHERE place.name <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER requests_legs_named_inserted AFTER INSERT ON requests_requestleg
    REFERENCING NEW TABLE AS new_legs FOR EACH STATEMENT EXECUTE FUNCTION requests_legs_named();
CREATE TRIGGER requests_legs_named_updated AFTER UPDATE ON requests_requestleg
    REFERENCING NEW TABLE AS new_legs FOR EACH STATEMENT EXECUTE FUNCTION requests_legs_named();

-- value <% name (requests.search.names_like), without a pending list (see 0010).
CREATE INDEX request_place_names ON requests_placename USING gin (name gin_trgm_ops) WITH (fastupdate = off);

-- The similarity to each request's places (0014) is no longer asked for.
DROP INDEX request_search_places;
"""

BACKWARD = r"""
CREATE INDEX request_search_places ON requests_requestsearch USING gin (search_places gin_trgm_ops)
    WITH (fastupdate = off);
DROP TRIGGER requests_legs_named_inserted ON requests_requestleg;
DROP TRIGGER requests_legs_named_updated ON requests_requestleg;
DROP FUNCTION requests_legs_named();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0015_request_search_newest"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlaceName",
            fields=[
                ("name", models.TextField(primary_key=True, serialize=False)),
            ],
            options={
                "db_table": "requests_placename",
            },
        ),
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
