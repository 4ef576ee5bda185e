-- id: admin_user_write_activity
-- title: Write activity by administrative users
-- description: Calls that change something (not Get, Describe, List...) made by users
--   in $admin_users or whose name matches $admin_pattern (Sumo Logic "administrative
--   activities" panels, which join on an uploaded list of admin users).
-- severity: info
-- tactics: TA0004
-- techniques: T1078.004
-- source: cloudtrail
-- logic: filter
-- covers: sumo_admin_activities
-- tags: privileged, sumo
-- param: admin_users:strings= | User names to treat as administrators.
-- param: admin_pattern:string=(?i)^(admin|administrator)$|/admin$ | Regular expression on user names or ARNs of administrators.
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND NOT regexp_matches(api.operation, '^(Get|Describe|List|Head|Lookup|Search|Check|Validate)')
      AND coalesce(actor.user.name, actor.user.uid) IS NOT NULL
      AND (list_contains($admin_users, actor.user.name) OR regexp_matches(coalesce(actor.user.name, actor.user.uid, ''), $admin_pattern))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' by administrative user ', coalesce(actor.user.name, actor.user.uid)))
