"""The request search reads a narrow copy of the list's columns, kept by the database (PostgreSQL; issue 15).

Before: the search vector and the places were columns of requests_assistancerequest (0007). A search whose
words are in a third of 100,000 requests counted and ranked them by reading every matching row of that wide
table (260 MB after a bulk load, each row written twice: once inserted, once touched by its legs' trigger),
about 100 ms of SQL for the count and as much for the ranked page.

Now: requests_requestsearch holds, per request, what the list filters and sorts on (operation, organisation,
status, capability, assistance type, priority, dates, reference: the columns of the visibility rules and of
requests.filters.RequestFilter) and the search vector and places. A search is answered from it alone (count,
rank and page: about a third of the size), and only the page's 25 requests are read from the request table
(requests.selectors.SearchedRequests). The request table loses its search columns.

Kept by triggers:
- after a request is inserted, or updated in one of those columns: its row is written (INSERT … ON CONFLICT),
  with the places of its legs;
- after a statement inserts, updates or deletes legs: the rows of their requests get the places again;
- a request deleted: its row goes with it (Django's CASCADE; the foreign key is checked at commit).

SQLite (the demo) has the table but none of this: it stays empty, and the search there is a plain icontains
over the request table (requests/search.py).
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

import requests.models.search

# The words of the description without their positions (strip): a search finds them, and ts_rank counts each
# once at the lowest weight (D), below the reference and title (A) and the places (B), which keep theirs. The
# vector is a third smaller than with the description's positions (500 bytes a request instead of 690), and
# a search reads and ranks every matching row of it.
VECTOR = """
    strip(to_tsvector('simple', coalesce(description, '')))
    || setweight(to_tsvector('simple', coalesce(reference, '') || ' ' || coalesce(title, '')), 'A')
    || setweight(to_tsvector('simple', places), 'B')
"""

LISTED = (
    "operation_id, organization_id, reference, status, capability, assistance_type, priority, required_by, "
    "created_at, put_to_hct_at"
)

FORWARD = rf"""
-- The table is Django's (the model RequestSearch, created above): the database keeps its rows.
CREATE FUNCTION requests_search_vector(reference text, title text, places text, description text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {VECTOR} $$;

CREATE FUNCTION requests_search_places(request bigint) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(leg.from_name || ' ' || leg.to_name, ' ' ORDER BY leg."order"), '')
      FROM requests_requestleg leg WHERE leg.request_id = request
$$;

-- A request inserted, or changed in what its row copies: the row, written again whole.
CREATE FUNCTION requests_request_listed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    places text := requests_search_places(NEW.id);
BEGIN
    INSERT INTO requests_requestsearch (request_id, {LISTED}, search_vector, search_places)
    VALUES (NEW.id, NEW.operation_id, NEW.organization_id, NEW.reference, NEW.status, NEW.capability,
            NEW.assistance_type, NEW.priority, NEW.required_by, NEW.created_at, NEW.put_to_hct_at,
            requests_search_vector(NEW.reference, NEW.title, places, NEW.description), places)
    ON CONFLICT (request_id) DO UPDATE SET ({LISTED}, search_vector, search_places) = (
        EXCLUDED.operation_id, EXCLUDED.organization_id, EXCLUDED.reference, EXCLUDED.status,
        EXCLUDED.capability, EXCLUDED.assistance_type, EXCLUDED.priority, EXCLUDED.required_by,
        EXCLUDED.created_at, EXCLUDED.put_to_hct_at, EXCLUDED.search_vector, EXCLUDED.search_places);
    RETURN NULL;
END
$$;

CREATE TRIGGER requests_request_listed_insert AFTER INSERT ON requests_assistancerequest
    FOR EACH ROW EXECUTE FUNCTION requests_request_listed();
-- Django saves every column: only a change of what the row copies writes it.
CREATE TRIGGER requests_request_listed_update AFTER UPDATE ON requests_assistancerequest
    FOR EACH ROW WHEN (
        (OLD.{LISTED.replace(", ", ", OLD.")}, OLD.title, OLD.description)
        IS DISTINCT FROM
        (NEW.{LISTED.replace(", ", ", NEW.")}, NEW.title, NEW.description)
    ) EXECUTE FUNCTION requests_request_listed();

-- The places and vectors of these requests, from their legs (only the rows whose places changed are written).
CREATE FUNCTION requests_search_replace(requests bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE requests_requestsearch s
       SET search_places = placed.places,
           search_vector = requests_search_vector(placed.reference, placed.title, placed.places,
                                                  placed.description)
      FROM (SELECT r.id, requests_search_places(r.id) AS places, r.reference, r.title, r.description
              FROM requests_assistancerequest r WHERE r.id = ANY (requests)) placed
     WHERE s.request_id = placed.id AND s.search_places IS DISTINCT FROM placed.places
$$;

-- Legs changed: their requests' rows, once per statement (a bulk insert of legs: one UPDATE).
CREATE FUNCTION requests_legs_placed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM requests_search_replace(ARRAY(SELECT DISTINCT request_id FROM new_legs));
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM requests_search_replace(ARRAY(SELECT DISTINCT request_id FROM old_legs));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER requests_legs_placed_inserted AFTER INSERT ON requests_requestleg
    REFERENCING NEW TABLE AS new_legs FOR EACH STATEMENT EXECUTE FUNCTION requests_legs_placed();
CREATE TRIGGER requests_legs_placed_updated AFTER UPDATE ON requests_requestleg
    REFERENCING NEW TABLE AS new_legs OLD TABLE AS old_legs
    FOR EACH STATEMENT EXECUTE FUNCTION requests_legs_placed();
CREATE TRIGGER requests_legs_placed_deleted AFTER DELETE ON requests_requestleg
    REFERENCING OLD TABLE AS old_legs FOR EACH STATEMENT EXECUTE FUNCTION requests_legs_placed();

-- The search columns of 0007 leave the request table.
DROP TRIGGER requests_legs_inserted ON requests_requestleg;
DROP TRIGGER requests_legs_updated ON requests_requestleg;
DROP TRIGGER requests_legs_deleted ON requests_requestleg;
DROP FUNCTION requests_legs_changed();
DROP TRIGGER requests_request_search ON requests_assistancerequest;
DROP FUNCTION requests_request_search();
ALTER TABLE requests_assistancerequest DROP COLUMN search_vector, DROP COLUMN search_places;
DROP INDEX request_reference_trgm;

INSERT INTO requests_requestsearch (request_id, {LISTED}, search_vector, search_places)
SELECT r.id, r.operation_id, r.organization_id, r.reference, r.status, r.capability, r.assistance_type,
       r.priority, r.required_by, r.created_at, r.put_to_hct_at,
       requests_search_vector(r.reference, r.title, p.places, r.description), p.places
  FROM requests_assistancerequest r, LATERAL (SELECT requests_search_places(r.id) AS places) p;

-- The search (requests/search.py), each without a pending list (see 0010):
-- search_vector @@ to_tsquery('simple', %s), ranked by ts_rank;
CREATE INDEX request_search_words ON requests_requestsearch USING gin (search_vector) WITH (fastupdate = off);
-- reference ILIKE '%…%' (a reference, or part of one);
CREATE INDEX request_search_reference ON requests_requestsearch USING gin (reference gin_trgm_ops)
    WITH (fastupdate = off);
-- %s <% search_places (a misspelt place: word similarity of pg_trgm).
CREATE INDEX request_search_places ON requests_requestsearch USING gin (search_places gin_trgm_ops)
    WITH (fastupdate = off);
"""

BACKWARD = r"""
DROP TRIGGER requests_legs_placed_inserted ON requests_requestleg;
DROP TRIGGER requests_legs_placed_updated ON requests_requestleg;
DROP TRIGGER requests_legs_placed_deleted ON requests_requestleg;
DROP FUNCTION requests_legs_placed();
DROP FUNCTION requests_search_replace(bigint[]);
DROP TRIGGER requests_request_listed_insert ON requests_assistancerequest;
DROP TRIGGER requests_request_listed_update ON requests_assistancerequest;
DROP FUNCTION requests_request_listed();
DROP FUNCTION requests_search_places(bigint);
DROP FUNCTION requests_search_vector(text, text, text, text);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BACKWARD, params=None)
    # The columns, triggers and indexes of 0007, without a pending list (0010).
    earlier = importlib.import_module("requests.migrations.0007_request_search")
    schema_editor.execute(earlier.FORWARD.replace("CREATE EXTENSION IF NOT EXISTS pg_trgm;", ""), params=None)
    for name in ("request_search", "request_reference_trgm", "request_places_trgm"):
        schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = off);", params=None)


class Migration(migrations.Migration):
    dependencies = [("requests", "0013_hct_meetings")]

    operations = [
        # The copy (requests.models.search): Django's table (flushed and deleted with the requests), whose rows
        # only the database writes (the triggers below).
        migrations.CreateModel(
            name="RequestSearch",
            fields=[
                (
                    "request",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="requests.assistancerequest",
                    ),
                ),
                (
                    "operation",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cmcoord.operation",
                    ),
                ),
                (
                    "organization",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cmcoord.organization",
                    ),
                ),
                ("reference", requests.models.search.ReferenceField(max_length=24)),
                ("status", models.CharField(max_length=20)),
                ("capability", models.CharField(max_length=30)),
                ("assistance_type", models.CharField(max_length=20)),
                ("priority", models.CharField(max_length=20)),
                ("required_by", models.DateField()),
                ("created_at", models.DateTimeField()),
                ("put_to_hct_at", models.DateTimeField(null=True)),
                ("search_vector", requests.models.search.TsVectorField()),
                ("search_places", requests.models.search.PlacesField()),
            ],
            options={"db_table": "requests_requestsearch"},
        ),
        migrations.RunPython(forward, backward),
    ]
