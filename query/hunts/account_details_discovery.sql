-- id: account_details_discovery
-- title: Account contacts, organization membership or password policy read
-- description: Calls that read who owns and runs the account rather than what runs in
--   it: the alternate and primary contacts (GetAlternateContact,
--   GetContactInformation, GetPrimaryEmail), the account as its organization describes
--   it (organizations DescribeAccount) and the password policy
--   (GetAccountPasswordPolicy). An intruder profiling a stolen key reads these to learn
--   whom a takeover would alert and what passwords must look like (Panther "account
--   discovery" and "password policy discovery"); the billing and IAM consoles read them
--   too, so this is a low lead that gains weight in an incident beside other discovery.
--   Refused calls count: the attempt is the same intent.
-- severity: low
-- tactics: TA0007
-- techniques: T1087.004, T1201
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: discovery, account
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name IN ('account.amazonaws.com', 'billingconsole.amazonaws.com')
            AND api.operation IN ('GetAlternateContact', 'GetContactInformation', 'GetPrimaryEmail'))
        OR (api.service.name = 'organizations.amazonaws.com' AND api.operation = 'DescribeAccount')
        OR (api.service.name = 'iam.amazonaws.com' AND api.operation = 'GetAccountPasswordPolicy'))
      AND actor.invoked_by IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, CASE WHEN api.response.error IS NOT NULL THEN concat(' (refused: ', api.response.error, ')') ELSE '' END))
