"""The request search on PostgreSQL: a stored search vector and the places, kept by the database.

- requests_assistancerequest.search_vector (tsvector): reference and title (weight A), the places of the legs
  (B) and the description (C), in the 'simple' configuration (no stemming: the requests are written in five
  languages, and place names must match as typed). Kept by a BEFORE INSERT/UPDATE trigger on the request.
- requests_assistancerequest.search_places (text): the legs' place names, for trigram matching (pg_trgm) of a
  misspelt place. Kept by statement triggers on the legs, which touch the request so that its trigger runs.
- GIN indexes: request_search (search_vector @@ to_tsquery(...)), request_reference_trgm (reference ILIKE
  '%…%') and request_places_trgm (%s <% search_places); requests/search.py writes the queries.

The columns are not fields of the model: Django never writes them, and SQLite (the demo) has none of this
(the search there is a plain icontains, requests/search.py).
"""

from django.db import migrations

FORWARD = r"""
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE requests_assistancerequest
    ADD COLUMN search_vector tsvector,
    ADD COLUMN search_places text NOT NULL DEFAULT '';

CREATE FUNCTION requests_request_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_places := coalesce(
        (SELECT string_agg(leg.from_name || ' ' || leg.to_name, ' ' ORDER BY leg."order")
           FROM requests_requestleg leg WHERE leg.request_id = NEW.id),
        '');
    NEW.search_vector :=
        setweight(to_tsvector('simple', coalesce(NEW.reference, '') || ' ' || coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('simple', NEW.search_places), 'B')
        || setweight(to_tsvector('simple', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$;

CREATE TRIGGER requests_request_search
    BEFORE INSERT OR UPDATE OF reference, title, description, search_places ON requests_assistancerequest
    FOR EACH ROW EXECUTE FUNCTION requests_request_search();

-- A change of legs touches their requests once per statement (a bulk insert of legs: one UPDATE).
CREATE FUNCTION requests_legs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE requests_assistancerequest SET search_places = search_places
         WHERE id IN (SELECT request_id FROM new_legs);
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE requests_assistancerequest SET search_places = search_places
         WHERE id IN (SELECT request_id FROM old_legs);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER requests_legs_inserted AFTER INSERT ON requests_requestleg
    REFERENCING NEW TABLE AS new_legs FOR EACH STATEMENT EXECUTE FUNCTION requests_legs_changed();
CREATE TRIGGER requests_legs_updated AFTER UPDATE ON requests_requestleg
    REFERENCING NEW TABLE AS new_legs OLD TABLE AS old_legs
    FOR EACH STATEMENT EXECUTE FUNCTION requests_legs_changed();
CREATE TRIGGER requests_legs_deleted AFTER DELETE ON requests_requestleg
    REFERENCING OLD TABLE AS old_legs FOR EACH STATEMENT EXECUTE FUNCTION requests_legs_changed();

UPDATE requests_assistancerequest SET search_places = search_places;

-- The search of the request list: WHERE search_vector @@ to_tsquery('simple', %s), ranked by ts_rank.
CREATE INDEX request_search ON requests_assistancerequest USING gin (search_vector);
-- A reference, or part of one: WHERE reference ILIKE '%…%'.
CREATE INDEX request_reference_trgm ON requests_assistancerequest USING gin (reference gin_trgm_ops);
-- A misspelt place: WHERE %s <% search_places (word similarity of pg_trgm).
CREATE INDEX request_places_trgm ON requests_assistancerequest USING gin (search_places gin_trgm_ops);
"""

BACKWARD = r"""
DROP TRIGGER requests_legs_inserted ON requests_requestleg;
DROP TRIGGER requests_legs_updated ON requests_requestleg;
DROP TRIGGER requests_legs_deleted ON requests_requestleg;
DROP FUNCTION requests_legs_changed();
DROP TRIGGER requests_request_search ON requests_assistancerequest;
DROP FUNCTION requests_request_search();
ALTER TABLE requests_assistancerequest DROP COLUMN search_vector, DROP COLUMN search_places;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("requests", "0006_list_indexes")]

    operations = [migrations.RunPython(forward, backward)]
