-- id: ec2_password_data_read
-- title: EC2 Windows password data retrieved
-- description: GetPasswordData returns the encrypted administrator password of a
--   Windows instance; with the key pair, it is a local admin login.
-- severity: medium
-- tactics: TA0006
-- techniques: T1552.005
-- source: cloudtrail
-- logic: filter
-- covers: aws_enum_backup
-- tags: ec2, credentials
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('password data of ', json_extract_string(api.request.data, '$.instanceId'), ' retrieved') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'ec2.amazonaws.com'
  AND api.operation = 'GetPasswordData'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
