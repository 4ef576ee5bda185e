-- id: route53_hosted_zone_associated
-- title: Route 53 private hosted zone associated with a VPC
-- description: AssociateVPCWithHostedZone changes which names a VPC resolves, a way to
--   redirect internal traffic.
-- severity: low
-- tactics: TA0040
-- techniques: T1565
-- source: cloudtrail
-- logic: filter
-- covers: tp_route_53_hosted_zone_associated_with_vpc
-- tags: route53, network
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'route53.amazonaws.com')
    WHERE api.operation = 'AssociateVPCWithHostedZone'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('hosted zone ', coalesce(json_extract_string(api.request.data, '$.hostedZoneId'), ''), ' associated with ', coalesce(json_extract_string(api.request.data, '$.vPC.vPCId'), 'a VPC')))
