-- id: ec2_password_data_read
-- title: EC2 Windows password data retrieved
-- description: GetPasswordData returns the encrypted administrator password of a
--   Windows instance; with the key pair, it is a local admin login. Refused attempts
--   are reported too: asking for an admin password one may not read is the probe itself.
-- severity: medium
-- tactics: TA0006
-- techniques: T1552.005
-- source: cloudtrail
-- logic: filter
-- covers: aws_enum_backup
-- tags: ec2, credentials
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'GetPasswordData'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('password data of ', json_extract_string(api.request.data, '$.instanceId'), CASE WHEN api.response.error IS NOT NULL THEN concat(' requested (refused: ', api.response.error, ')') ELSE ' retrieved' END))
