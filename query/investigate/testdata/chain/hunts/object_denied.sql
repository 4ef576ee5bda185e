-- id: object_denied
-- title: S3 object read denied (investigate chain test hunt)
-- description: GetObject calls that S3 refused, one finding per caller;
--   evidence is the calls' event ids. It reads the S3 data events.
-- severity: medium
-- tactics: TA0009
-- techniques: T1530
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
    'GetObject denied' AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.operation = 'GetObject' AND api.response.error = 'AccessDenied'
GROUP BY ALL
ORDER BY first_time
