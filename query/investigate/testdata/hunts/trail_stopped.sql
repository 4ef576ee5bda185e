-- id: trail_stopped
-- title: Trail stopped (investigate test hunt)
-- description: StopLogging calls, one finding per caller; evidence is the
--   calls' event ids.
-- severity: critical
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: investigate_test
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    'StopLogging' AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.operation = 'StopLogging'
GROUP BY ALL
ORDER BY first_time
