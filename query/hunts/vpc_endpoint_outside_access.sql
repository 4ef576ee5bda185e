-- id: vpc_endpoint_outside_access
-- title: VPC endpoint used by an outsider or refused by its policy
-- description: CloudTrail network-activity events (AwsVpceEvent) for calls through the
--   account's VPC endpoints that show something leaving by the back door: a principal of
--   another account using the endpoint (credentials brought into the VPC to copy data to
--   their own resources), a public source address, or a call the endpoint policy refused
--   (VpceAccessDenied: a reach for a resource the network is not meant to touch).
-- severity: medium
-- tactics: TA0010
-- techniques: T1537
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: vpc-endpoint, network-activity, exfiltration
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND metadata.event_code = 'AwsVpceEvent'
      AND src_endpoint.uid IS NOT NULL
      AND (api.response.error = 'VpceAccessDenied'
           OR actor.user.account.uid <> unmapped['vpcEndpointAccountId']
           OR (src_endpoint.ip IS NOT NULL AND NOT lh_private_ip(src_endpoint.ip)))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' through ', src_endpoint.uid,
           CASE WHEN api.response.error = 'VpceAccessDenied' THEN ' refused by the endpoint policy'
                WHEN actor.user.account.uid <> unmapped['vpcEndpointAccountId'] THEN concat(' by account ', actor.user.account.uid)
                ELSE concat(' from public address ', src_endpoint.ip) END))
