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
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name = 'route53resolver.amazonaws.com' AND api.operation IN ('DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'))
           OR (api.service.name = 'route53.amazonaws.com' AND api.operation = 'DeleteQueryLoggingConfig'))
      AND api.response.error IS NULL
)
SELECT * FROM lh_object_findings('matched',
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.resolverQueryLogConfigId'), json_extract_string(api.request.data, '$.id'), ''),
           coalesce(' of ' || json_extract_string(api.request.data, '$.resourceId'), ''),
           coalesce(' (' || json_extract_string(api.response.data, '$.resolverQueryLogConfig.name') || ', logging to '
                    || json_extract_string(api.response.data, '$.resolverQueryLogConfig.destinationArn') || ')', '')))
