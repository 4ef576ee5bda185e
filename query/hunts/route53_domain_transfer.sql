-- id: route53_domain_transfer
-- title: Route 53 domain transfer lock removed or domain transferred
-- description: DisableDomainTransferLock or TransferDomainToAnotherAwsAccount: the
--   first step of stealing a domain, and the theft itself.
-- severity: high
-- tactics: TA0040, TA0042
-- techniques: T1584.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_route_53_domain_transferred_lock_disabled, aws_route_53_domain_transferred_to_another_account, tp_route_53_domain_transferred, tp_route_53_domain_transfer_lock_disabled
-- tags: route53, impact
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name IN ('route53domains.amazonaws.com', 'route53.amazonaws.com')
      AND api.operation IN ('DisableDomainTransferLock', 'TransferDomainToAnotherAwsAccount', 'TransferDomain')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.domainName'), '')))
