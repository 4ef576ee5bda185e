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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('SendCommand ', coalesce(json_extract_string(api.request.data, '$.documentName'), ''), ' to ', coalesce(array_to_string(json_extract_string(api.request.data, '$.instanceIds[*]'), ', '), 'targets')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'ssm.amazonaws.com'
  AND api.operation = 'SendCommand'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
