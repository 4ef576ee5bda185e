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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'events.amazonaws.com')
    WHERE api.operation IN ('DisableRule', 'DeleteRule', 'DeleteEventBus')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.name'), '')))
