-- id: secrets_bulk_read
-- title: Many secrets read by one identity
-- description: One identity read at least $min_secrets distinct Secrets Manager secrets
--   (GetSecretValue, BatchGetSecretValue) or decrypted SSM parameters within any $span: harvesting credentials rather than an application fetching its own.
-- severity: high
-- tactics: TA0006
-- techniques: T1555.006
-- source: cloudtrail
-- logic: threshold
-- covers: stratus:aws.credential-access.secretsmanager-retrieve-secrets
-- tags: credentials, secrets
-- param: min_secrets:int=10 | Distinct secrets or parameters read that make a finding.
-- param: span:duration=1h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH events AS (
    SELECT *,
           count(DISTINCT coalesce(json_extract_string(api.request.data, '$.secretId'), json_extract_string(api.request.data, '$.name'),
                                     array_to_string(json_extract_string(api.request.data, '$.names[*]'), ','))) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.response.error IS NULL
      AND ((api.service.name = 'secretsmanager.amazonaws.com' AND api.operation IN ('GetSecretValue', 'BatchGetSecretValue'))
           OR (api.service.name = 'ssm.amazonaws.com' AND api.operation IN ('GetParameter', 'GetParameters', 'GetParametersByPath')
               AND json_extract_string(api.request.data, '$.withDecryption') = 'true'))
),
bursts AS (
    FROM lh_bursts('events', lh_actor(actor), in_span >= $min_secrets, $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat(CAST(count(DISTINCT coalesce(json_extract_string(api.request.data, '$.secretId'), json_extract_string(api.request.data, '$.name'),
                                     array_to_string(json_extract_string(api.request.data, '$.names[*]'), ','))) AS VARCHAR),
           ' secrets or parameters read in ', CAST(count(*) AS VARCHAR), ' calls', ' (peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')',
           lh_spread(src_endpoint.ip, region, ', ')))
