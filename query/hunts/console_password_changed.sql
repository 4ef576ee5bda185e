-- id: console_password_changed
-- title: IAM user changed their console password
-- description: ChangePassword succeeded: an IAM user set a new console password for
--   themselves. Rotation policies make people do this, and so does an intruder who has
--   taken over a console session and locks the owner out before the next step (Panther
--   "credentials updated"). login_profile_changed reads passwords set by an
--   administrator for someone; this is the user's own change, low, a lead that matters
--   next to a login from a new address.
-- severity: low
-- tactics: TA0003, TA0040
-- techniques: T1098, T1531
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: iam, credentials, console
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation = 'ChangePassword'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('console password changed by ', coalesce(actor.user.name, 'the user'), ' from ', coalesce(src_endpoint.ip, 'an unknown address')))
