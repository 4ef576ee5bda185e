-- id: risky_role_name_created
-- title: Role created with a name from an attack tool word list
-- description: CreateRole with a role name in $risky_names, names that role-enumeration
--   tools try first; a role created with one of them is likely a planted target.
-- severity: medium
-- tactics: TA0003
-- techniques: T1136.003
-- source: cloudtrail
-- logic: filter
-- covers: aws_risky_role_name_created
-- tags: iam, persistence
-- param: risky_names:strings=admin,administrator,root,backup,backdoor,test,dev,developer,deploy,ops,security,superuser,sysadmin,support,breakglass,pacu | Role names (lower case) that enumeration tools guess.
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation = 'CreateRole'
      AND list_contains($risky_names, lower(json_extract_string(api.request.data, '$.roleName')))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('role ', json_extract_string(api.request.data, '$.roleName'), ' created'))
