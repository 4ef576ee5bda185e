-- id: assume_role_unseen_invoker
-- title: Role assumed by an invoker not seen before
-- description: AssumeRole in the window for a (role, invoker) pair absent from the
--   $baseline before it, where the invoker is the calling service
--   (userIdentity.invokedBy) or, failing that, the calling principal, a role session
--   counted as its role so that each new session name is not a new invoker (Sentinel
--   "suspicious credential token access of valid IAM roles"). Roles never assumed in
--   the baseline are reported too: they are new roles in use. One finding per invoker, listing
--   the roles (region and src_ip are the first call's). Low: new roles and new callers
--   appear with every deployment, so a first pairing alone is a lead, not an alarm;
--   incidents raise it when it joins other steps (was medium).
-- severity: low
-- tactics: TA0006, TA0004
-- techniques: T1528, T1078.004
-- source: cloudtrail
-- logic: first-seen
-- covers: suspicious_credential_token_access_iam_roles
-- tags: sts, roles, sentinel, baseline
-- baseline: 14d
WITH assume_calls AS (
    SELECT *,
           json_extract_string(api.request.data, '$.roleArn') AS role_arn,
           coalesce(actor.invoked_by, actor.session.issuer, actor.user.uid, actor.user.type, src_endpoint.domain) AS invoker
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.service.name = 'sts.amazonaws.com'
      AND api.operation = 'AssumeRole'
),
-- Read more than once below: lh_finding_rows keeps it to the fields it needs.
assumes AS (
    FROM lh_finding_rows('assume_calls')
),
seen AS (
    SELECT DISTINCT role_arn, invoker
    FROM assumes
    WHERE time_dt < $window_start AND role_arn IS NOT NULL
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    lh_earliest(region, time_dt) AS region,
    invoker AS actor,
    lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
    concat(CASE WHEN count(DISTINCT role_arn) = 1 THEN 'role ' ELSE concat(CAST(count(DISTINCT role_arn) AS VARCHAR), ' roles ') END,
           array_to_string(list_slice(list(DISTINCT regexp_extract(role_arn, '[^/]+$') ORDER BY regexp_extract(role_arn, '[^/]+$')), 1, 8), ', '),
           ' assumed by ', invoker, ' for the first time',
           lh_spread(src_endpoint.ip, NULL, ', '),
           CASE WHEN bool_or(api.response.error IS NOT NULL) THEN ' (some attempts failed)' ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM assumes a
ANTI JOIN seen b ON b.role_arn = a.role_arn AND b.invoker IS NOT DISTINCT FROM a.invoker
WHERE a.time_dt >= $window_start
  AND a.role_arn IS NOT NULL
GROUP BY accountid, invoker
ORDER BY first_time
