-- id: secrets_batch_retrieved_by_filter
-- title: Secrets retrieved in batches by filter
-- description: BatchGetSecretValue (up to 20 secret values a call) by one identity that
--   selects the secrets by filter (a tag key, a name prefix, a description) instead of
--   naming them, or that names at least $min_secrets distinct secrets within one $span
--   bucket. Applications name the few secrets they need; a filter takes whatever
--   matches, which is how an account's secrets are swept in a handful of calls, one per
--   page. The record does not say which secrets a filter returned, so the summary gives
--   the filters and the number of calls.
-- severity: high
-- tactics: TA0006
-- techniques: T1555.006
-- source: cloudtrail
-- logic: threshold
-- covers: stratus:aws.credential-access.secretsmanager-batch-retrieve-secrets
-- tags: credentials, secrets
-- param: min_secrets:int=10 | Distinct secrets named in batches within a bucket that make a finding without a filter.
-- param: span:duration=1h | Length of the time buckets counted in.
WITH batches AS (
    SELECT *,
           array_to_string(list_transform(json_extract(api.request.data, '$.filters[*]'),
               f -> concat(json_extract_string(f, '$.key'), '=', array_to_string(json_extract_string(f, '$.values[*]'), '|'))), ', ') AS filter,
           json_extract_string(api.request.data, '$.secretIdList[*]') AS named
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'secretsmanager.amazonaws.com'
      AND api.operation = 'BatchGetSecretValue'
      AND api.response.error IS NULL
)
SELECT * FROM lh_group_findings('batches', row(lh_actor(actor), time_bucket($span, time_dt)),
    concat(CAST(count(*) AS VARCHAR), ' BatchGetSecretValue calls',
           CASE WHEN count(*) FILTER (WHERE filter <> '') > 0
                THEN concat(', ', CAST(count(*) FILTER (WHERE filter <> '') AS VARCHAR), ' by filter (',
                            array_to_string(list_sort(list(DISTINCT filter) FILTER (WHERE filter <> '')), '; '), ')')
                ELSE '' END,
           CASE WHEN len(list_distinct(flatten(list(named)))) > 0
                THEN concat(', naming ', CAST(len(list_distinct(flatten(list(named)))) AS VARCHAR), ' secrets')
                ELSE '' END),
    keep := count(*) FILTER (WHERE filter <> '') > 0
         OR len(list_distinct(flatten(list(named)))) >= $min_secrets)
