-- id: glue_dev_endpoint_activity
-- title: Glue development endpoint created or changed
-- description: CreateDevEndpoint, UpdateDevEndpoint or DeleteDevEndpoint: with
--   iam:PassRole, a development endpoint gives SSH access under any role Glue may
--   assume (Sigma "Glue development endpoint activity").
-- severity: low
-- tactics: TA0004
-- techniques: T1098
-- source: cloudtrail
-- logic: filter
-- covers: aws_passed_role_to_glue_development_endpoint
-- tags: glue, privilege-escalation
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'glue.amazonaws.com')
    WHERE api.operation IN ('CreateDevEndpoint', 'DeleteDevEndpoint', 'UpdateDevEndpoint')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.endpointName'), ''), coalesce(' role ' || json_extract_string(api.request.data, '$.roleArn'), '')))
