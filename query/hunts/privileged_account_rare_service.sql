-- id: privileged_account_rare_service
-- title: Privileged identity uses a service it did not use before
-- description: A privileged identity (root, a name matching $privileged_pattern, or one
--   listed in $privileged_principals) calls an AWS service in the window that it did
--   not call in the $baseline before it (Sentinel "tracking privileged account rare
--   activity", CloudTrail branch). Identities with no baseline activity are skipped.
--   One finding per identity, listing the new services (src_ip and region are the
--   first call's). Low: a new service is a weak signal alone (admins pick up new
--   services all the time; 24 medium incidents in a generated week), so it is a lead
--   that an incident raises when the same identity does other suspicious things.
-- severity: low
-- tactics: TA0001, TA0004
-- techniques: T1078.004
-- source: cloudtrail
-- logic: first-seen
-- covers: tracking_privileged_account_rare_activity, sumo_admin_activities
-- tags: privileged, sentinel, baseline
-- baseline: 7d
-- param: privileged_pattern:string=(?i)admin|root|breakglass|break-glass | Regular expression on user names or ARNs that mark privileged identities.
-- param: privileged_principals:strings= | Further privileged user names or ARNs.
WITH privileged_calls AS (
    SELECT *,
           lower(coalesce(actor.user.name, regexp_extract(actor.user.uid, '[^/:]+$'), actor.user.type)) AS account_name
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.service.name IS NOT NULL
      AND (actor.user.type = 'Root'
           OR regexp_matches(coalesce(actor.user.name, actor.user.uid, ''), $privileged_pattern)
           OR list_contains($privileged_principals, actor.user.name)
           OR list_contains($privileged_principals, actor.user.uid))
),
-- Read more than once below: lh_finding_rows keeps it to the fields it needs.
privileged AS (
    FROM lh_finding_rows('privileged_calls')
),
baseline AS (
    SELECT DISTINCT accountid, account_name, api.service.name AS service
    FROM privileged
    WHERE time_dt < $window_start
),
unseen AS (
    SELECT p.*
    FROM privileged p
    SEMI JOIN (SELECT DISTINCT accountid, account_name FROM baseline) AS a ON a.accountid = p.accountid AND a.account_name = p.account_name
    ANTI JOIN baseline b ON b.accountid = p.accountid AND b.account_name = p.account_name AND b.service = p.api.service.name
    WHERE p.time_dt >= $window_start
)
SELECT * FROM lh_actor_findings('unseen', account_name,
    concat(account_name, ' used ', array_to_string(list_slice(list(DISTINCT api.service.name ORDER BY api.service.name), 1, 6), ', '),
           CASE WHEN count(DISTINCT api.service.name) > 6 THEN concat(' and ', CAST(count(DISTINCT api.service.name) - 6 AS VARCHAR), ' more') ELSE '' END,
           ' for the first time: ',
           lh_top(api.operation, 10),
           lh_spread(src_endpoint.ip, region, ', ')))
