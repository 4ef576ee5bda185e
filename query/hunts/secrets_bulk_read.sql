-- id: secrets_bulk_read
-- title: Many secrets read by one identity
-- description: One identity read at least $min_secrets distinct Secrets Manager secrets
--   (GetSecretValue, BatchGetSecretValue) or decrypted SSM parameters within any $span: harvesting credentials rather than an application fetching its own.
--   Judged against the principal's own $baseline before the window (an assumed
--   role's sessions share their role's history: instances and functions come and go):
--   the span must hold clearly more distinct secrets than any span of the baseline did
--   ($over_peak times its peak), or secrets the principal never read in it numbering at
--   least $min_new and at least the peak divided by $over_peak (a long tail of rarely read
--   secrets brings one or two new ones most days, more to a role that reads many). A
--   workload role that reads nine secrets in its busiest hour reading eleven is the same
--   workload on a busier day, not harvesting; with only "more than the peak" such roles
--   made one or two high incidents of every generated quiet day. A principal without
--   history is judged by the floor alone. Applications that read a dozen secrets every
--   hour made most of a generated month's medium incidents with the floor alone.
-- severity: high
-- tactics: TA0006
-- techniques: T1555.006
-- source: cloudtrail
-- logic: threshold
-- covers: stratus:aws.credential-access.secretsmanager-retrieve-secrets
-- tags: credentials, secrets, baseline
-- baseline: 14d
-- param: min_secrets:int=10 | Distinct secrets or parameters read that make a finding, whatever the history (the floor).
-- param: min_new:int=3 | Secrets never read in the baseline, within one span, that make a finding of a span under the baseline's peak (at the least).
-- param: over_peak:float=2 | How many times the baseline's peak a span must hold; never-read secrets must number at least the peak divided by this.
-- param: span:duration=1h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH reads AS (
    SELECT *,
           coalesce(json_extract_string(api.request.data, '$.secretId'), json_extract_string(api.request.data, '$.name'),
                    array_to_string(json_extract_string(api.request.data, '$.names[*]'), ',')) AS secret,
           lh_principal(lh_actor(actor)) AS principal
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.response.error IS NULL
      AND ((api.service.name = 'secretsmanager.amazonaws.com' AND api.operation IN ('GetSecretValue', 'BatchGetSecretValue'))
           OR (api.service.name = 'ssm.amazonaws.com' AND api.operation IN ('GetParameter', 'GetParameters', 'GetParametersByPath')
               AND json_extract_string(api.request.data, '$.withDecryption') = 'true'))
),
-- Read twice below: lh_finding_rows keeps it to the fields it needs.
counted AS (
    SELECT *,
           count(DISTINCT secret) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM lh_finding_rows('reads')
),
history AS (
    SELECT accountid, principal, max(in_span) AS peak, list(DISTINCT secret) AS known
    FROM counted
    WHERE time_dt < $window_start
    GROUP BY accountid, principal
),
events AS (
    SELECT *,
           count(DISTINCT CASE WHEN is_new THEN secret END) OVER (PARTITION BY accountid, lh_actor(actor)
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS new_in_span
    FROM (SELECT c.*, h.peak, NOT coalesce(list_contains(h.known, c.secret), false) AS is_new
          FROM counted c
          LEFT JOIN history h ON h.accountid = c.accountid AND h.principal = c.principal
          WHERE c.time_dt >= $window_start)
),
bursts AS (
    FROM lh_bursts('events', lh_actor(actor), in_span >= $min_secrets AND (peak IS NULL OR in_span >= $over_peak * peak OR new_in_span >= greatest($min_new, peak / $over_peak)), $span, $gap)
)
SELECT * FROM lh_stretch_findings('bursts',
    concat(CAST(count(DISTINCT secret) AS VARCHAR),
           ' secrets or parameters read in ', CAST(count(*) AS VARCHAR), ' calls', ' (burst peak ', CAST(max(in_span) AS VARCHAR), ' within ', CAST($span AS VARCHAR), ')',
           CASE WHEN max(peak) IS NULL THEN '' ELSE concat(', against a baseline peak of ', CAST(max(peak) AS VARCHAR)) END,
           CASE WHEN bool_or(is_new) AND max(peak) IS NOT NULL THEN concat(', ', CAST(count(DISTINCT secret) FILTER (WHERE is_new) AS VARCHAR), ' never read before') ELSE '' END,
           lh_spread(src_endpoint.ip, region, ', ')))
