-- id: access_denied_many_operations
-- title: Authorization failures across many operations
-- description: One principal was denied on more than $min_operations distinct API
--   operations within the window (Panther "anomalous AccessDenied requests"):
--   systematic permission enumeration rather than one misconfigured job. Judged
--   against the principal's own $baseline before the window (an assumed role's
--   sessions share their role's history): at least $min_new of the operations were
--   never denied to it there. A misconfigured job is denied the same calls every day;
--   on generated data those made a fifth of the medium incidents of a quiet day. A
--   principal without history is judged by $min_operations alone.
-- severity: medium
-- tactics: TA0007
-- techniques: T1580, T1069.003
-- source: cloudtrail
-- logic: threshold
-- covers: panther_anomalous_access_denied, sumo_authorization_failures
-- tags: access-denied, discovery, baseline
-- baseline: 14d
-- param: min_operations:int=10 | Distinct denied operations needed (more than).
-- param: min_new:int=3 | Of those, operations never denied to the principal in the baseline needed.
WITH failed AS (
    SELECT *, lh_principal(actor.user.uid) AS principal
    FROM cloudtrail_all
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.response.error IN ('AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedOperation')
      AND actor.user.uid IS NOT NULL
),
-- Read twice below: lh_finding_rows keeps it to the fields it needs.
denied AS (
    FROM lh_finding_rows('failed')
),
known AS (
    SELECT DISTINCT accountid, principal, api.operation AS operation
    FROM denied
    WHERE time_dt < $window_start
),
judged AS (
    SELECT d.*, k.operation IS NULL AS is_new
    FROM denied d
    LEFT JOIN known k ON k.accountid = d.accountid AND k.principal = d.principal AND k.operation = d.api.operation
    WHERE d.time_dt >= $window_start
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    actor.user.uid AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat('denied on ', CAST(count(DISTINCT api.operation) AS VARCHAR), CASE WHEN count(DISTINCT api.operation) = 1 THEN ' operation: ' ELSE ' operations: ' END,
           array_to_string(list_slice(list(DISTINCT api.operation ORDER BY api.operation), 1, 12), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM judged
GROUP BY accountid, actor.user.uid
HAVING count(DISTINCT api.operation) > $min_operations
   AND count(DISTINCT api.operation) FILTER (WHERE is_new) >= $min_new
ORDER BY first_time
