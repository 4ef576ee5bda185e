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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'kms.amazonaws.com')
    WHERE api.operation IN ('ScheduleKeyDeletion', 'DisableKey')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.keyId'), ''), coalesce(' in ' || json_extract_string(api.request.data, '$.pendingWindowInDays') || ' days', '')))
