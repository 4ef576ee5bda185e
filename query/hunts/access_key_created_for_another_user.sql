-- id: access_key_created_for_another_user
-- title: Access key created for another user
-- description: CreateAccessKey where the target user differs from the caller: the
--   caller gets working long-term credentials of someone else, a backdoor that survives
--   the caller losing access.
-- severity: high
-- tactics: TA0003, TA0006
-- techniques: T1098.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_iam_backdoor_users_keys, panther_corr_user_key_backdoor_used, tp_iam_access_key_created,
--   stratus:aws.persistence.iam-backdoor-user
-- tags: iam, credentials, persistence
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation = 'CreateAccessKey'
      AND json_extract_string(api.request.data, '$.userName') IS NOT NULL
      AND json_extract_string(api.request.data, '$.userName') IS DISTINCT FROM actor.user.name
      AND NOT ends_with(coalesce(actor.user.uid, ''), concat('/', json_extract_string(api.request.data, '$.userName')))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('access key ', coalesce(json_extract_string(api.response.data, '$.accessKey.accessKeyId'), ''), ' created for user ', json_extract_string(api.request.data, '$.userName')))
