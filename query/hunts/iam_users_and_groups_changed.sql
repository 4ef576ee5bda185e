-- id: iam_users_and_groups_changed
-- title: IAM users and groups created or deleted
-- description: CreateUser, DeleteUser, CreateGroup or DeleteGroup succeeded: new
--   long-lived identities are a classic persistence mechanism, deletions may clean up
--   after one.
-- severity: low
-- tactics: TA0003
-- techniques: T1136.003
-- source: cloudtrail
-- logic: filter
-- covers: aws_iam_user_group_changes, tp_iam_user_created
-- tags: iam, persistence
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.groupName'))) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation IN ('CreateUser', 'DeleteUser', 'CreateGroup', 'DeleteGroup')
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
