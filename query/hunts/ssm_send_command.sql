-- id: ssm_send_command
-- title: Commands sent to instances through SSM
-- description: SendCommand runs a document (often AWS-RunShellScript or
--   AWS-RunPowerShellScript) on instances as root or SYSTEM (Sigma "potential malicious
--   usage of CloudTrail System Manager").
-- severity: medium
-- tactics: TA0002, TA0008
-- techniques: T1651
-- source: cloudtrail
-- logic: filter
-- covers: aws_cloudtrail_ssm_malicious_usage,
--   stratus:aws.execution.ssm-send-command
-- tags: ssm, execution
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ssm.amazonaws.com')
    WHERE api.operation = 'SendCommand'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('SendCommand ', coalesce(json_extract_string(api.request.data, '$.documentName'), ''), ' to ', coalesce(array_to_string(json_extract_string(api.request.data, '$.instanceIds[*]'), ', '), 'targets')))
