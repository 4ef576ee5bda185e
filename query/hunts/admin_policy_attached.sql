-- id: admin_policy_attached
-- title: Administrator policy attached to a user, role or group
-- description: AttachUserPolicy, AttachRolePolicy or AttachGroupPolicy with a policy in
--   $admin_policies (by default AdministratorAccess, IAMFullAccess, PowerUserAccess, in
--   any partition): the fastest privilege escalation there is.
-- severity: high
-- tactics: TA0004, TA0003
-- techniques: T1098.003
-- source: cloudtrail
-- logic: filter
-- covers: ar_admin_access_policy_attached, tp_iam_user_administrator_policy_attached, tp_iam_role_administrator_policy_attached, tp_iam_group_administrator_policy_attached, tp_iam_user_managed_policy_attached, tp_iam_role_managed_policy_attached
-- tags: iam, privilege-escalation, persistence
-- param: admin_policies:strings=arn:aws:iam::aws:policy/AdministratorAccess,arn:aws:iam::aws:policy/IAMFullAccess,arn:aws:iam::aws:policy/PowerUserAccess | Managed policy ARNs that grant administration (partition normalised to aws).
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'iam.amazonaws.com')
    WHERE api.operation IN ('AttachUserPolicy', 'AttachRolePolicy', 'AttachGroupPolicy')
      AND list_contains($admin_policies, regexp_replace(json_extract_string(api.request.data, '$.policyArn'), '^arn:aws[a-z-]*:', 'arn:aws:'))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', json_extract_string(api.request.data, '$.policyArn'), ' to ', coalesce(json_extract_string(api.request.data, '$.userName'), json_extract_string(api.request.data, '$.roleName'), json_extract_string(api.request.data, '$.groupName'))))
