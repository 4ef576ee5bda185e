-- id: ec2_launched_with_userdata_no_keypair
-- title: Instance launched with user data and no key pair
-- description: RunInstances with user data but without a key pair, from outside AWS
--   (Sentinel "EC2 instance launched without key pair"): a box meant to be driven by
--   its boot script alone, typical of cryptomining and C2 implants.
-- severity: medium
-- tactics: TA0002, TA0040
-- techniques: T1578.002, T1496
-- source: cloudtrail
-- logic: filter
-- covers: aws_ec2_without_keypair_userdata
-- tags: ec2, execution
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'RunInstances'
      AND json_extract_string(api.request.data, '$.keyName') IS NULL
      AND len(list_filter(json_extract_string(api.request.data, '$.instancesSet.items[*].keyName'), k -> k IS NOT NULL)) = 0
      AND contains(api.request.data, '"userData"')
      AND src_endpoint.ip IS NOT NULL
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('RunInstances ', coalesce(json_extract_string(api.request.data, '$.instanceType'), ''), ' with user data and no key pair'))
