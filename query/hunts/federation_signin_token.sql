-- id: federation_signin_token
-- title: Console sign-in token requested from the API
-- description: GetSigninToken from the federation endpoint turns temporary API
--   credentials into a console session; outside the AWS consoles own user agent it is a
--   known way to move from stolen keys to the console.
-- severity: medium
-- tactics: TA0008, TA0001
-- techniques: T1550.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_console_getsignintoken
-- tags: console, credentials, sts
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'signin.amazonaws.com')
    WHERE api.operation = 'GetSigninToken'
      AND NOT contains(coalesce(http_request.user_agent, ''), 'Jersey/${project.version}')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('GetSigninToken by ', lh_actor(actor)))
