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
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'ConsoleLogin'
      AND status = 'Success'
      AND coalesce(is_mfa, false) = false
      AND coalesce(actor.user.type, 'IAMUser') IN ('IAMUser', 'Root')
      AND unmapped['additionalEventData.SamlProviderArn'] IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('console login without MFA as ', coalesce(actor.user.name, actor.user.type)))
