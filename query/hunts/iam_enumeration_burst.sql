-- id: iam_enumeration_burst
-- title: IAM enumeration burst
-- description: More than $min_calls IAM listing calls (ListUsers, ListRoles,
--   ListGroupsForUser, ListAttachedUserPolicies, ListAttachedRolePolicies,
--   ListAccessKeys, GetAccountAuthorizationDetails...) by one identity within
--   any $span, from any addresses (Sentinel "user IAM enumeration").
-- severity: medium
-- tactics: TA0007
-- techniques: T1087.004, T1069.003
-- source: cloudtrail
-- logic: threshold
-- covers: ar_user_iam_enumeration, aws_enum_listing
-- tags: discovery, iam, recon
-- param: min_calls:int=50 | Calls within the span tolerated (more than this fires).
-- param: span:duration=10m | Length of the span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH calls AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'iam.amazonaws.com'
      AND api.operation IN ('ListAttachedRolePolicies', 'ListRoles', 'ListGroupsForUser', 'ListAttachedUserPolicies', 'ListAccessKeys',
                            'ListUsers', 'ListGroups', 'ListPolicies', 'ListRolePolicies', 'ListUserPolicies', 'GetAccountAuthorizationDetails',
                            'ListInstanceProfiles', 'ListMFADevices', 'GetPolicyVersion')
)
SELECT * FROM lh_call_bursts('calls', $span, $min_calls, $gap)
