-- id: userdata_read_burst
-- title: Burst of instance user data reads
-- description: More than $min_calls DescribeInstanceAttribute calls for userData by one
--   identity from one IP within any $span, AWS services excluded (Sigma "EC2 download
--   userdata", Sentinel "abnormal userdata download"): user data often holds bootstrap
--   secrets.
-- severity: medium
-- tactics: TA0006, TA0007
-- techniques: T1552.005
-- source: cloudtrail
-- logic: threshold
-- covers: aws_ec2_download_userdata, aws_abnormal_userdata_download
-- tags: ec2, credentials, discovery
-- param: min_calls:int=10 | Calls within the span tolerated (more than this fires).
-- param: span:duration=30m | Length of the span counted in.
WITH calls AS (
    SELECT *,
           count(*) OVER (PARTITION BY accountid, lh_actor(actor), src_endpoint.ip
                          ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS in_span
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'DescribeInstanceAttribute'
      AND json_extract_string(api.request.data, '$.attribute') = 'userData'
      AND src_endpoint.ip IS NOT NULL
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(max(in_span) AS VARCHAR), ' calls within ', CAST($span AS VARCHAR), ' (', CAST(count(*) AS VARCHAR), ' in all): ',
           array_to_string(list_slice(list(DISTINCT api.operation ORDER BY api.operation), 1, 10), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM calls
GROUP BY accountid, actor, src_endpoint.ip
HAVING max(in_span) > $min_calls
ORDER BY first_time
