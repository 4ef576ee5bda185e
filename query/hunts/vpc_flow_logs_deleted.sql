-- id: vpc_flow_logs_deleted
-- title: VPC Flow Logs deleted
-- description: DeleteFlowLogs removed flow logging from VPCs, subnets or interfaces:
--   network activity from then on is not recorded.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: aws_cloudtrail_vpc_flow_logs_deleted, tp_vpc_flow_log_deleted, ar_cloudtrail_log_tampering, ar_cloudtrail_log_tampering_basic,
--   stratus:aws.defense-evasion.vpc-remove-flow-logs
-- tags: vpc, logging, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'DeleteFlowLogs'
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('DeleteFlowLogs ', coalesce(json_extract_string(api.request.data, '$.DeleteFlowLogsRequest.FlowLogId.content'), api.request.data, '')))
