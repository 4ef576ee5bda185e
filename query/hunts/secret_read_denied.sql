-- id: secret_read_denied
-- title: Secrets Manager secret read refused
-- description: GetSecretValue or BatchGetSecretValue refused for lack of permission.
--   Applications are granted the secrets they need, so a refusal is someone trying a
--   secret that is not theirs, often the first probe of stolen credentials. Low: a
--   misconfigured deployment looks the same on its own.
-- severity: low
-- tactics: TA0006
-- techniques: T1555.006
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: secretsmanager, credentials, access-denied
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'secretsmanager.amazonaws.com'
      AND api.operation IN ('GetSecretValue', 'BatchGetSecretValue')
      AND api.response.error IN ('AccessDenied', 'AccessDeniedException')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' refused on ', coalesce(json_extract_string(api.request.data, '$.secretId'), 'secrets by filter')))
