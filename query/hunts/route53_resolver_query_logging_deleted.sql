-- id: route53_resolver_query_logging_deleted
-- title: DNS query logging deleted or detached
-- description: DeleteResolverQueryLogConfig or DisassociateResolverQueryLogConfig (Route 53
--   Resolver query logging of VPCs) or DeleteQueryLoggingConfig (query logging of a public
--   hosted zone): the DNS lookups of instances, often the only trace of command and
--   control or of exfiltration over DNS, are no longer recorded.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: stratus:aws.defense-evasion.dns-delete-logs
-- tags: route53, dns, logging, tampering
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.resolverQueryLogConfigId'), json_extract_string(api.request.data, '$.id'), ''),
           coalesce(' of ' || json_extract_string(api.request.data, '$.resourceId'), ''),
           coalesce(' (' || json_extract_string(api.response.data, '$.resolverQueryLogConfig.name') || ', logging to '
                    || json_extract_string(api.response.data, '$.resolverQueryLogConfig.destinationArn') || ')', '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND ((api.service.name = 'route53resolver.amazonaws.com' AND api.operation IN ('DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'))
       OR (api.service.name = 'route53.amazonaws.com' AND api.operation = 'DeleteQueryLoggingConfig'))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
