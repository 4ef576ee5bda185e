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
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ecs.amazonaws.com'
      AND api.operation IN ('DescribeTaskDefinition', 'RegisterTaskDefinition', 'RunTask')
      AND contains(coalesce(json_extract(api.request.data, '$.containerDefinitions')::VARCHAR, ''), 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.family'), json_extract_string(api.request.data, '$.taskDefinition'), ''), ' reads the task credential endpoint'))
