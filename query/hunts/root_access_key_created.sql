-- id: root_access_key_created
-- title: Root user access key created
-- description: CreateAccessKey by the root user for itself: AWS advises never to have
--   root access keys, and one is a permanent, unrestrictable backdoor to the account.
-- severity: critical
-- tactics: TA0003
-- techniques: T1098.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_root_new_access_key
-- tags: iam, root, credentials
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation = 'CreateAccessKey'
      AND ((actor.user.type = 'Root' AND json_extract_string(api.request.data, '$.userName') IS NULL)
           OR lower(json_extract_string(api.request.data, '$.userName')) = 'root')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('root access key ', coalesce(json_extract_string(api.response.data, '$.accessKey.accessKeyId'), ''), ' created'))
