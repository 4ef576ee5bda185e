-- id: root_account_used
-- title: Root user activity
-- description: Any call made as the root user other than AWS service events (Sigma "AWS
--   root credentials", Tailpipe "root user console login"). Root should be locked away;
--   its use is rare and worth an explanation. Failed attempts are included. Successful
--   reads (Describe, List, Head, Lookup, Search, Get other than of secrets, parameters,
--   passwords and credentials) from an address the root user already worked from in the
--   $baseline before the window are left to root_account_routine_reads (low): the
--   owner checking the bill or the bucket list from the usual place made a high
--   incident on most days of a generated month. Root signing in, writing, failing or
--   reading from a new address stays here.
-- severity: high
-- tactics: TA0004, TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: filter
-- covers: aws_root_account_usage, tp_iam_root_user_console_login, tp_iam_root_user_email_address_updated
-- tags: root, privileged, baseline
-- baseline: 14d
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT * EXCLUDE (routine_read)
    FROM lh_root_calls('cloudtrail_all', $baseline_start, $window_start, $window_end)
    WHERE NOT routine_read
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('root ', api.operation, CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END), top := 16)
