-- id: eventbridge_rule_disabled
-- title: EventBridge rule or bus disabled or deleted
-- description: DisableRule, DeleteRule or DeleteEventBus stops automated responses and
--   forwarding of security events (for example GuardDuty findings to a SIEM).
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: tp_eventbridge_rule_disabled, tp_eventbridge_rule_deleted, ar_cloudtrail_log_tampering, ar_cloudtrail_log_tampering_basic
-- tags: eventbridge, tampering
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.name'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'events.amazonaws.com'
  AND api.operation IN ('DisableRule', 'DeleteRule', 'DeleteEventBus')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
