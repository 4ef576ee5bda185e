-- id: top_users_by_activity
-- title: Most active users
-- description: The $top users with the most calls in the window, with how many were
--   writes (Sumo Logic "top 10 users", "action events", "requested AWS services over
--   time"). A ranking to eyeball, not an alert: an unexpected name at the top is the
--   finding.
-- severity: info
-- tactics: TA0007
-- techniques: T1078
-- source: cloudtrail
-- logic: ranking
-- covers: sumo_top10_users, sumo_action_events, sumo_requested_services_over_time
-- tags: ranking, sumo
-- param: top:int=10 | How many users to list.
WITH by_user AS (
    SELECT accountid, coalesce(actor.user.name, regexp_extract(actor.user.uid, '[^/]+$')) AS user_name,
           min(time_dt) AS first_time, max(time_dt) AS last_time, min(region) AS region,
           lh_earliest(src_endpoint.ip, time_dt) AS src_ip,
           count(*) AS calls,
           count(*) FILTER (WHERE NOT regexp_matches(api.operation, '^(Get|Describe|List|Head|Lookup|Search)')) AS writes,
           count(DISTINCT api.service.name) AS services,
           lh_evidence(metadata.uid, time_dt) AS uids, count(metadata.uid) AS uid_count
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND coalesce(actor.user.name, actor.user.uid) IS NOT NULL
    GROUP BY ALL
)
SELECT
    first_time,
    last_time,
    accountid AS account,
    region,
    user_name AS actor,
    src_ip,
    concat('#', CAST(rank AS VARCHAR), ': ', CAST(calls AS VARCHAR), ' calls (', CAST(writes AS VARCHAR), ' writes) to ',
           CAST(services AS VARCHAR), ' services') AS summary,
    calls AS event_count,
    uids AS evidence_uids,
    uid_count AS evidence_total
FROM (SELECT *, row_number() OVER (ORDER BY calls DESC, user_name, accountid) AS rank FROM by_user)
WHERE rank <= $top
ORDER BY rank
