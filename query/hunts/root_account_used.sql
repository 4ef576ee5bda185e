-- id: root_account_used
-- title: Root user activity
-- description: Any call made as the root user other than AWS service events (Sigma "AWS
--   root credentials", Tailpipe "root user console login"). Root should be locked away;
--   its use is rare and worth an explanation. Failed attempts are included.
-- severity: high
-- tactics: TA0004, TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: filter
-- covers: aws_root_account_usage, tp_iam_root_user_console_login, tp_iam_root_user_email_address_updated
-- tags: root, privileged
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND actor.user.type = 'Root'
      AND coalesce(metadata.event_code, '') <> 'AwsServiceEvent'
      AND actor.invoked_by IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('root ', api.operation, CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END), top := 16)
