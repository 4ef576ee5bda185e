-- id: console_login_without_mfa
-- title: Console login without MFA
-- description: A successful console login of an IAM user or the root user where MFA was
--   not used (additionalEventData.MFAUsed is not Yes). Federated sign-ins (SAML, IAM
--   Identity Center and other assumed-role sessions) are left out: their MFA happens at
--   the identity provider, which CloudTrail does not see.
-- severity: medium
-- tactics: TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: filter
-- covers: sumo_logins_without_mfa, ar_console_login_without_mfa, aws_cloudtrail_console_login_success_without_mfa,
--   stratus:aws.initial-access.console-login-without-mfa
-- tags: console, logins, mfa, sumo
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('console login without MFA as ', coalesce(actor.user.name, actor.user.type)) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.operation = 'ConsoleLogin'
  AND status = 'Success'
  AND coalesce(is_mfa, false) = false
  AND coalesce(actor.user.type, 'IAMUser') IN ('IAMUser', 'Root')
  AND unmapped['additionalEventData.SamlProviderArn'] IS NULL
GROUP BY ALL
ORDER BY first_time
