-- id: cloudfront_logging_disabled
-- title: CloudFront distribution logging disabled
-- description: UpdateDistribution set logging.enabled to false: viewer requests to the
--   distribution are no longer logged.
-- severity: low
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: tp_cloudfront_distribution_logging_disabled
-- tags: cloudfront, logging, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'cloudfront.amazonaws.com')
    WHERE api.operation LIKE 'UpdateDistribution%'
      AND json_extract_string(api.request.data, '$.distributionConfig.logging.enabled') = 'false'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('logging disabled on distribution ', json_extract_string(api.request.data, '$.id')))
