-- Helpers of the raw views: unmapped (map<string,string>, dotted keys)
-- holds every raw field the OCSF columns do not, and these read it back.

-- lh_has(m, path): the raw record had the member path (an object or a
-- value): unmapped holds it or something under it.
CREATE MACRO lh_has(m, path) AS
    len(list_filter(map_keys(m), k -> k = path OR starts_with(k, path || '.'))) > 0;

-- lh_fallback(m, member, fallback, col): the raw member whose column col
-- falls back to another member when it is absent or empty. unmapped keeps
-- the fallback always, and the member when it equals the fallback or is
-- not a non-empty string; a column equal to the fallback came from it.
CREATE MACRO lh_fallback(m, member, fallback, col) AS
    CASE WHEN m[member] IS NOT NULL THEN m[member]
         WHEN col IS NOT DISTINCT FROM m[fallback] THEN NULL
         ELSE col END;

-- lh_string_map(m, path): the object at path as map<string,string>: kept
-- whole as JSON text when it left nothing else, else from its flattened
-- members; NULL when absent.
CREATE MACRO lh_string_map(m, path) AS
    CASE WHEN m[path] IS NOT NULL THEN CAST(json(m[path]) AS MAP(VARCHAR, VARCHAR))
         WHEN lh_has(m, path) THEN map_from_entries(list_transform(
             list_filter(map_entries(m), e -> starts_with(e.key, path || '.')),
             e -> {'key': e.key[length(path) + 2:], 'value': e.value}))
    END;

-- lh_iso_second(ts): ts as CloudTrail writes times, 2024-03-05T10:01:02Z.
CREATE MACRO lh_iso_second(ts) AS strftime(ts, '%Y-%m-%dT%H:%M:%SZ');

-- lh_raw(m, field, col): a field whose raw text unmapped keeps when the
-- column cannot give it back ("-" as written, '' for a field the record
-- lacks), else the column.
CREATE MACRO lh_raw(m, field, col) AS
    CASE WHEN m[field] IS NOT NULL THEN nullif(m[field], '') ELSE nullif(col, '') END;

-- lh_flow_version(metadata): a flow record's format version, NULL for "-"
-- or a record without one.
CREATE MACRO lh_flow_version(metadata) AS TRY_CAST(nullif(metadata.product.version, '') AS INTEGER);

-- lh_json_map(text): a JSON object's text as CloudTrail Lake's
-- map<string,string>: strings as their text, numbers and booleans as
-- written by DuckDB, objects and arrays as JSON text; NULL for anything
-- but an object.
CREATE MACRO lh_json_map(text) AS
    CASE WHEN json_valid(text) AND left(text, 1) = '{' THEN CAST(json(text) AS MAP(VARCHAR, VARCHAR)) END;
