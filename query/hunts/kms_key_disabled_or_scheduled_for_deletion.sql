-- id: kms_key_disabled_or_scheduled_for_deletion
-- title: KMS key disabled or scheduled for deletion
-- description: ScheduleKeyDeletion or DisableKey makes everything encrypted under the
--   key unreadable once it takes effect: destruction of data, or ransom.
-- severity: high
-- tactics: TA0040
-- techniques: T1485
-- source: cloudtrail
-- logic: filter
-- covers: tp_kms_key_deletion_scheduled
-- tags: kms, impact
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.keyId'), ''), coalesce(' in ' || json_extract_string(api.request.data, '$.pendingWindowInDays') || ' days', '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'kms.amazonaws.com'
  AND api.operation IN ('ScheduleKeyDeletion', 'DisableKey')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
