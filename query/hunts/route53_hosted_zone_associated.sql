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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('hosted zone ', coalesce(json_extract_string(api.request.data, '$.hostedZoneId'), ''), ' associated with ', coalesce(json_extract_string(api.request.data, '$.vPC.vPCId'), 'a VPC')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'route53.amazonaws.com'
  AND api.operation = 'AssociateVPCWithHostedZone'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
