-- id: session_token_by_iam_user
-- title: Session token requested by an IAM user
-- description: GetSessionToken by an IAM user mints temporary credentials that keep
--   working for up to 36 hours after the users keys are disabled; attackers do this to
--   outlive key rotation.
-- severity: low
-- tactics: TA0003, TA0006
-- techniques: T1550.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_sts_getsessiontoken_misuse
-- tags: sts, credentials
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'sts.amazonaws.com')
    WHERE api.operation = 'GetSessionToken'
      AND actor.user.type = 'IAMUser'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('GetSessionToken by ', coalesce(actor.user.name, actor.user.uid)))
