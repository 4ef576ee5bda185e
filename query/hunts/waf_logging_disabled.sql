-- id: waf_logging_disabled
-- title: WAF web ACL logging disabled or ACL detached
-- description: DeleteLoggingConfiguration (or PutLoggingConfiguration without a
--   configuration) stops WAF logging; DisassociateWebACL removes the firewall from a
--   CloudFront distribution or load balancer.
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: tp_waf_web_acl_logging_disabled, tp_waf_web_acl_disassociated_from_cloudfront_distribution, tp_waf_web_acl_disassociated_from_elb_application_load_balancer
-- tags: waf, logging, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name IN ('wafv2.amazonaws.com', 'waf.amazonaws.com', 'waf-regional.amazonaws.com')
      AND (api.operation = 'DeleteLoggingConfiguration'
           OR (api.operation = 'PutLoggingConfiguration' AND json_extract(api.request.data, '$.loggingConfiguration') IS NULL)
           OR api.operation IN ('DisassociateWebACL', 'DisassociateWebAcl'))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.resourceArn'), json_extract_string(api.request.data, '$.webACLId'), '')))
