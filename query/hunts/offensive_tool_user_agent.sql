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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND http_request.user_agent IN (SELECT agent FROM lh_user_agents_matching('cloudtrail_all', $window_start, $window_end,
          $tool_pattern))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(regexp_extract(http_request.user_agent, $tool_pattern), ' user agent, ', api.operation))
