-- id: sqs_or_logs_encryption_missing
-- title: Queue or log group created without encryption
-- description: CreateQueue without a KMS key or CreateLogGroup without kmsKeyId
--   (Tailpipe encryption-at-rest checks). Informational: many accounts accept the
--   default encryption.
-- severity: info
-- tactics: TA0005
-- techniques: T1562
-- source: cloudtrail
-- logic: filter
-- covers: tp_sqs_queue_created_with_encryption_at_rest_disabled, tp_cloudwatch_log_group_created_with_encryption_disabled
-- tags: encryption, posture
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name = 'sqs.amazonaws.com' AND api.operation = 'CreateQueue' AND json_extract_string(api.request.data, '$.attributes.KmsMasterKeyId') IS NULL
              AND coalesce(json_extract_string(api.request.data, '$.attributes.SqsManagedSseEnabled'), 'false') <> 'true')
         OR (api.service.name = 'logs.amazonaws.com' AND api.operation = 'CreateLogGroup' AND json_extract_string(api.request.data, '$.kmsKeyId') IS NULL))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.queueName'), json_extract_string(api.request.data, '$.logGroupName'), ''), ' without a KMS key'))
