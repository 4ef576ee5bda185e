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
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'ec2.amazonaws.com')
    WHERE api.operation = 'DeleteFlowLogs'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('DeleteFlowLogs ', coalesce(json_extract_string(api.request.data, '$.DeleteFlowLogsRequest.FlowLogId.content'), api.request.data, '')))
