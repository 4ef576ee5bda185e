-- id: service_role_assumed_by_principal
-- title: Service role assumed by a principal that never assumed it before
-- description: A role that an AWS service assumes (userIdentity.type AWSService, in the
--   window or the $baseline before it) assumed in the window by some other identity that
--   did not assume it in the baseline (Panther "potentially stolen service role"):
--   service roles are meant for the service, and a person or an outsider borrowing one is
--   how stolen role credentials or a trust policy widened for an attacker show. A role
--   session counts as its role, so each new instance or session name is not a new
--   assumer. Pairs seen in the baseline are left out: roles that services and workloads
--   share by design (a task role also chained from a pipeline role) are assumed that
--   way every day, and over a generated month they made thirty high findings a day.
--   A session of another service role of the account is left out as well: one
--   workload's role chaining into another's is how services are built, and the first
--   pairing of two workloads is assume_role_unseen_invoker's low lead; the alarm is a
--   person, a user's key, an identity-provider session or another account borrowing the
--   service's role. One finding per assumer, listing the roles.
-- severity: high
-- tactics: TA0004, TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: first-seen
-- covers: panther_stolen_service_role
-- tags: sts, roles, baseline
-- baseline: 14d
WITH assume_calls AS (
    SELECT *,
           json_extract_string(api.request.data, '$.roleArn') AS role_arn,
           coalesce(actor.session.issuer, actor.user.uid, actor.user.type) AS assumer
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.operation = 'AssumeRole'
      AND api.response.error IS NULL
      AND json_extract_string(api.request.data, '$.roleArn') IS NOT NULL
),
-- Read more than once below: lh_finding_rows keeps it to the fields it needs.
assumes AS (
    FROM lh_finding_rows('assume_calls')
),
service_roles AS (
    SELECT DISTINCT accountid, role_arn
    FROM assumes
    WHERE actor.user.type = 'AWSService'
),
seen AS (
    SELECT DISTINCT accountid, role_arn, assumer
    FROM assumes
    WHERE time_dt < $window_start
),
matched AS (
    SELECT a.*
    FROM assumes a
    SEMI JOIN service_roles s ON s.accountid = a.accountid AND s.role_arn = a.role_arn
    ANTI JOIN service_roles w ON w.accountid = a.accountid AND w.role_arn = a.assumer
    ANTI JOIN seen b ON b.accountid = a.accountid AND b.role_arn = a.role_arn AND b.assumer = a.assumer
    WHERE a.time_dt >= $window_start
      AND coalesce(a.actor.user.type, '') <> 'AWSService'
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    lh_actor(lh_earliest(actor, time_dt)) AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    concat(CASE WHEN count(DISTINCT role_arn) = 1 THEN 'service role ' ELSE concat(CAST(count(DISTINCT role_arn) AS VARCHAR), ' service roles ') END,
           array_to_string(list_slice(list(DISTINCT regexp_extract(role_arn, '[^/]+$') ORDER BY regexp_extract(role_arn, '[^/]+$')), 1, 8), ', '),
           ' assumed by ', assumer, ' (', min(coalesce(actor.user.type, 'unknown')), ') for the first time',
           lh_spread(src_endpoint.ip, NULL, ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM matched
GROUP BY accountid, assumer
ORDER BY first_time
