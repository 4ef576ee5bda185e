-- id: userdata_read_burst
-- title: Burst of instance user data reads
-- description: More than $min_calls DescribeInstanceAttribute calls for userData by one
--   identity within any $span, from any addresses, AWS services excluded (Sigma "EC2 download
--   userdata", Sentinel "abnormal userdata download"): user data often holds bootstrap
--   secrets.
-- severity: medium
-- tactics: TA0006, TA0007
-- techniques: T1552.005
-- source: cloudtrail
-- logic: threshold
-- covers: aws_ec2_download_userdata, aws_abnormal_userdata_download,
--   stratus:aws.discovery.ec2-download-user-data
-- tags: ec2, credentials, discovery
-- param: min_calls:int=10 | Calls within the span tolerated (more than this fires).
-- param: span:duration=30m | Length of the span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's events starts a new finding.
WITH calls AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'DescribeInstanceAttribute'
      AND json_extract_string(api.request.data, '$.attribute') = 'userData'
      -- AWS services call from a name, not an address; an address that
      -- does not parse (anonymised logs write 10.0.07.1) is still a caller.
      AND actor.invoked_by IS NULL
      AND NOT regexp_matches(coalesce(src_endpoint.domain, ''), '(^AWS Internal|\.amazonaws\.com)$')
)
SELECT * FROM lh_call_bursts('calls', $span, $min_calls, $gap)
