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
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'glue.amazonaws.com'
      AND api.operation IN ('CreateDevEndpoint', 'DeleteDevEndpoint', 'UpdateDevEndpoint')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.endpointName'), ''), coalesce(' role ' || json_extract_string(api.request.data, '$.roleArn'), '')))
