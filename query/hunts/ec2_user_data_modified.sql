-- id: ec2_user_data_modified
-- title: EC2 instance user data modified
-- description: ModifyInstanceAttribute of userData: the script runs as root at the next
--   boot (Sigma "EC2 startup shell script change").
-- severity: high
-- tactics: TA0002, TA0003
-- techniques: T1059, T1098
-- source: cloudtrail
-- logic: filter
-- covers: aws_ec2_startup_script_change, panther_corr_stop_then_userdata,
--   stratus:aws.execution.ec2-user-data
-- tags: ec2, execution, persistence
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ec2.amazonaws.com')
    WHERE api.operation = 'ModifyInstanceAttribute'
      AND (json_extract_string(api.request.data, '$.attribute') = 'userData' OR json_extract(api.request.data, '$.userData') IS NOT NULL)
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('user data of ', json_extract_string(api.request.data, '$.instanceId'), ' modified'))
