-- id: sigma_access_key_handed_over
-- title: Access key created for another user, then used by that user
-- description: Written by the lakehunt team to test a temporal_ordered correlation whose rules name the user in different fields (aliases). Converted from the Sigma rule access_key_handed_over.yml (687d4a9a-a171-4d94-962c-d0825bd3a663).
-- severity: high
-- tactics: TA0003
-- techniques: T1098.001
-- source: cloudtrail
-- logic: sequence
-- covers: access_key_handed_over
-- tags: sigma, imported, correlation
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((((lower(api.operation) = lower('CreateAccessKey')) AND (lower(api.service.name) = lower('iam.amazonaws.com'))) AND NOT coalesce(((lower(json_extract_string(api.request.data, '$.userName')) = lower(actor.user.name))), false)))
),
r2 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(actor.user.type) = lower('IAMUser'))))
),
c3_events AS (
    SELECT *, 0 AS lh_rule, json_extract_string(api.request.data, '$.userName') AS lh_g0
    FROM r1
    WHERE (json_extract_string(api.request.data, '$.userName')) IS NOT NULL
    UNION ALL BY NAME
    SELECT *, 1 AS lh_rule, actor.user.name AS lh_g0
    FROM r2
    WHERE (actor.user.name) IS NOT NULL
),
c3_s0 AS (
    SELECT *, CASE WHEN lh_rule = 0 THEN time_dt END AS lh_s0
    FROM c3_events
),
c3_s1 AS (
    SELECT *, CASE WHEN lh_rule = 1 THEN max(lh_s0) OVER (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN INTERVAL 3600 SECOND PRECEDING AND CURRENT ROW) END AS lh_s1
    FROM c3_s0
),
c3_measured AS (
    SELECT *, 2 AS lh_n,
           CASE WHEN lh_rule = 1 AND time_dt - lh_s1 <= INTERVAL 3600 SECOND THEN lh_s1 END AS lh_start
    FROM c3_s1
),
c3_hits AS (
    SELECT *
    FROM (
        SELECT *, min(lh_start) OVER (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND INTERVAL 3600 SECOND FOLLOWING) AS lh_from
        FROM c3_measured
    )
    WHERE lh_from <= time_dt
),
c3_hits_once AS (
    SELECT *
    FROM c3_hits
    QUALIFY row_number() OVER (PARTITION BY accountid, lh_g0, metadata.uid ORDER BY lh_rule) = 1
)
FROM lh_group_findings('c3_hits_once', [lh_g0], concat('Access key created for another user, then used by that user', ' for target_user ', min(lh_g0), ': ', 'key_created_for_other then call_by_iam_user within 1h'))
