-- id: access_key_created
-- title: Access key created
-- description: Any successful CreateAccessKey: new long-term credentials. Expected
--   during rotations; worth a look when the actor or time is unusual.
-- severity: low
-- tactics: TA0003
-- techniques: T1098.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_create_access_key, tp_iam_access_key_created
-- tags: iam, credentials
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation = 'CreateAccessKey'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('access key ', coalesce(json_extract_string(api.response.data, '$.accessKey.accessKeyId'), ''), ' created for ', coalesce(json_extract_string(api.request.data, '$.userName'), actor.user.name, 'the caller')))
