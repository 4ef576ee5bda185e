-- id: discovery_burst
-- title: Burst of distinct discovery calls
-- description: One identity from one IP (not an AWS service) made more than
--   $min_operations distinct List*, Describe* or Get* calls, and at least $min_calls
--   such calls, within one $span bucket (Sentinel "high volume of enumeration events",
--   "suspicious AWS CLI command execution"): the shape of a recon script walking the
--   account, as opposed to an application polling the same call.
-- severity: medium
-- tactics: TA0007
-- techniques: T1580, T1526, T1087.004
-- source: cloudtrail
-- logic: threshold
-- covers: aws_excessive_discovery_events, ar_suspicious_aws_cli_recon, aws_enum_listing
-- tags: discovery, recon
-- param: min_operations:int=3 | Distinct discovery operations needed (more than).
-- param: span:duration=10m | Length of the span counted in.
-- param: min_calls:int=20 | Discovery calls needed in the same span.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    any_value(region) AS region,
    coalesce(actor.user.uid, actor.user.name, actor.invoked_by, actor.user.account.uid) AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(count(DISTINCT api.operation) AS VARCHAR), ' distinct operations in ', CAST(count(*) AS VARCHAR), ' calls within ', CAST($span AS VARCHAR), ': ',
           array_to_string(list_slice(list(DISTINCT api.operation ORDER BY api.operation), 1, 10), ', ')) AS summary,
    count(*) AS event_count,
    min_by(metadata.uid, time_dt, 20) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND regexp_matches(api.operation, '^(List|Describe|Get)')
      AND src_endpoint.ip IS NOT NULL
GROUP BY accountid, actor, src_endpoint.ip, time_bucket($span, time_dt)
HAVING count(DISTINCT api.operation) > $min_operations AND count(*) >= $min_calls
ORDER BY first_time
