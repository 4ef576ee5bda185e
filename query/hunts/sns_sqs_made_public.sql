-- id: sns_sqs_made_public
-- title: SNS topic or SQS queue policy allows everyone
-- description: SetTopicAttributes (Policy) or SetQueueAttributes whose policy has an
--   Allow for principal "*" or AWS "*": anyone can publish, subscribe, send or read
--   messages.
-- severity: high
-- tactics: TA0010, TA0001
-- techniques: T1530
-- source: cloudtrail
-- logic: filter
-- covers: tp_sns_topic_granted_public_access, tp_sqs_queue_granted_public_access
-- tags: sns, sqs, exposure
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name = 'sns.amazonaws.com' AND api.operation = 'SetTopicAttributes' AND json_extract_string(api.request.data, '$.attributeName') = 'Policy'
            AND regexp_matches(coalesce(json_extract_string(api.request.data, '$.attributeValue'), ''), '"Principal"\s*:\s*("\*"|\{\s*"AWS"\s*:\s*(\[[^\]]*)?"\*")'))
       OR (api.service.name = 'sqs.amazonaws.com' AND api.operation = 'SetQueueAttributes'
            AND regexp_matches(coalesce(json_extract_string(api.request.data, '$.attributes.Policy'), ''), '"Principal"\s*:\s*("\*"|\{\s*"AWS"\s*:\s*(\[[^\]]*)?"\*")')))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.topicArn'), json_extract_string(api.request.data, '$.queueUrl'), ''), ' allows everyone'))
