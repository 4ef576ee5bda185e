-- id: offensive_tool_user_agent
-- title: Offensive or secret-scanning tool user agent
-- description: User agents of tools attackers run against AWS accounts: TruffleHog
--   (checks stolen keys with GetCallerIdentity), Pacu, S3 Browser (used in intrusions
--   to create users, keys and bucket policies), and SDKs running on Kali or Parrot
--   Linux. The list is $tool_pattern.
-- severity: high
-- tactics: TA0007, TA0006
-- techniques: T1589.001, T1087.004
-- source: cloudtrail
-- logic: filter
-- covers: aws_cloudtrail_pua_trufflehog, aws_sts_getcalleridentity_trufflehog, aws_iam_s3browser_loginprofile_creation, aws_iam_s3browser_user_or_accesskey_creation, aws_iam_s3browser_templated_s3_bucket_policy_creation
-- tags: user-agent, tools
-- param: tool_pattern:string=(?i)trufflehog|pacu|s3 browser|kali|parrot|cloudfox|weirdaal | Regular expression for tool user agents.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    coalesce(actor.user.uid, actor.user.name, actor.invoked_by, actor.user.account.uid) AS actor,
    src_endpoint.ip AS src_ip,
    concat(regexp_extract(http_request.user_agent, $tool_pattern), ' user agent, ', api.operation) AS summary,
    count(*) AS event_count,
    lh_earliest(metadata.uid, time_dt, 20) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND regexp_matches(http_request.user_agent, $tool_pattern)
GROUP BY ALL
ORDER BY first_time
