-- id: ec2_user_data_read
-- title: EC2 instance user data read
-- description: DescribeInstanceAttribute for userData returns the instance's boot script,
--   where passwords, tokens and keys are often left. Refused attempts are reported too;
--   reads an AWS service makes on someone's behalf (CloudFormation) are not. Low because
--   infrastructure-as-code tools read it on every plan: a lead for whoever else does.
-- severity: low
-- tactics: TA0006
-- techniques: T1552.005
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: ec2, credentials
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'DescribeInstanceAttribute'
      AND json_extract_string(api.request.data, '$.attribute') = 'userData'
      AND actor.invoked_by IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('user data of ', json_extract_string(api.request.data, '$.instanceId'), ' read',
           CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END))
