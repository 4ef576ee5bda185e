-- id: sigma_trail_logging_stopped
-- title: Trail logging stopped or trail deleted
-- description: Written by the lakehunt team to test Sigma import: a CloudTrail trail stops recording or disappears. Converted from the Sigma rule trail_logging_stopped.yml (5a0c1e0e-3b7a-4d8e-9a55-2f5c7b9e1a01).
-- severity: high
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: trail_logging_stopped
-- tags: sigma, imported
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('Trail logging stopped or trail deleted', ': ', api.operation) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND (((lower(api.operation) = lower('StopLogging') OR lower(api.operation) = lower('DeleteTrail')) AND (lower(api.service.name) = lower('cloudtrail.amazonaws.com'))))
GROUP BY ALL
ORDER BY first_time
