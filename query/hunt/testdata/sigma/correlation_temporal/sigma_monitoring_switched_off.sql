-- id: sigma_monitoring_switched_off
-- title: Trail, flow logs and GuardDuty switched off by one identity
-- description: Written by the lakehunt team to test a temporal correlation of three rules, in any order. Converted from the Sigma rule monitoring_switched_off.yml (c667cdc7-7cd3-40f6-8956-c0c832aa6fb9).
-- severity: critical
-- tactics: TA0112, TA0005
-- techniques: T1685.002, T1562.008, T1562.001
-- source: cloudtrail
-- logic: sequence
-- covers: monitoring_switched_off
-- tags: sigma, imported, correlation
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) = lower('StopLogging')) AND (lower(api.service.name) = lower('cloudtrail.amazonaws.com'))))
),
r2 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) = lower('DeleteFlowLogs')) AND (lower(api.service.name) = lower('ec2.amazonaws.com'))))
),
r3 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) = lower('DeleteDetector')) AND (lower(api.service.name) = lower('guardduty.amazonaws.com'))))
),
c4_events AS (
    SELECT *, 0 AS lh_rule, 'trail_stopped' AS lh_rule_name, actor.user.uid AS lh_g0
    FROM r1
    WHERE (actor.user.uid) IS NOT NULL
    UNION ALL BY NAME
    SELECT *, 1 AS lh_rule, 'flow_logs_deleted' AS lh_rule_name, actor.user.uid AS lh_g0
    FROM r2
    WHERE (actor.user.uid) IS NOT NULL
    UNION ALL BY NAME
    SELECT *, 2 AS lh_rule, 'detector_deleted' AS lh_rule_name, actor.user.uid AS lh_g0
    FROM r3
    WHERE (actor.user.uid) IS NOT NULL
),
c4_measured AS (
    SELECT *, count(DISTINCT lh_rule) OVER lh_w AS lh_n,
           CASE WHEN count(DISTINCT lh_rule) OVER lh_w >= 3 THEN time_dt - INTERVAL 1800 SECOND END AS lh_start
    FROM c4_events
    WINDOW lh_w AS (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN INTERVAL 1800 SECOND PRECEDING AND CURRENT ROW)
),
c4_hits AS (
    SELECT *
    FROM (
        SELECT *, min(lh_start) OVER (PARTITION BY accountid, lh_g0 ORDER BY time_dt RANGE BETWEEN CURRENT ROW AND INTERVAL 1800 SECOND FOLLOWING) AS lh_from
        FROM c4_measured
    )
    WHERE lh_from <= time_dt
),
c4_hits_once AS (
    SELECT *, list(lh_rule_name) OVER (PARTITION BY accountid, lh_g0, metadata.uid) AS lh_rules
    FROM c4_hits
    QUALIFY row_number() OVER (PARTITION BY accountid, lh_g0, metadata.uid ORDER BY lh_rule) = 1
)
FROM lh_group_findings('c4_hits_once', [lh_g0], concat('Trail, flow logs and GuardDuty switched off by one identity', ' for userIdentity.arn ', min(lh_g0), ': ', array_to_string(list_sort(list_distinct(flatten(list(lh_rules)))), ', '), ' within 30m'))
