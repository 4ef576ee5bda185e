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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('logging disabled on distribution ', json_extract_string(api.request.data, '$.id')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.service.name = 'cloudfront.amazonaws.com'
  AND api.operation LIKE 'UpdateDistribution%'
  AND json_extract_string(api.request.data, '$.distributionConfig.logging.enabled') = 'false'
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
