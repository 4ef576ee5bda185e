-- id: ecs_task_reads_credential_endpoint
-- title: ECS task definition queries the credential endpoint
-- description: RegisterTaskDefinition, RunTask or DescribeTaskDefinition where a
--   container command mentions $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: a task built to
--   print or ship the task role credentials (Sigma).
-- severity: high
-- tactics: TA0006
-- techniques: T1552.005
-- source: cloudtrail
-- logic: filter
-- covers: aws_ecs_task_definition_cred_endpoint_query
-- tags: ecs, credentials
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ecs.amazonaws.com')
    WHERE api.operation IN ('DescribeTaskDefinition', 'RegisterTaskDefinition', 'RunTask')
      AND contains(coalesce(json_extract(api.request.data, '$.containerDefinitions')::VARCHAR, ''), 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.family'), json_extract_string(api.request.data, '$.taskDefinition'), ''), ' reads the task credential endpoint'))
