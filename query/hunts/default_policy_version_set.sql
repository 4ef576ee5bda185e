-- id: default_policy_version_set
-- title: Default policy version changed
-- description: SetDefaultPolicyVersion makes an older or newly created version of a
--   managed policy the active one; with iam:SetDefaultPolicyVersion a user can escalate
--   to any permissions ever held by the policy.
-- severity: medium
-- tactics: TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: changes_to_aws_iam_policy, aws_policy_version_wildcard_action
-- tags: iam, policy, privilege-escalation
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('SetDefaultPolicyVersion ', json_extract_string(api.request.data, '$.policyArn'), ' -> ', json_extract_string(api.request.data, '$.versionId')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'iam.amazonaws.com'
  AND api.operation = 'SetDefaultPolicyVersion'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
