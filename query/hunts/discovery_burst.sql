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
WITH discovery AS (
    SELECT
        time_dt,
        accountid,
        region,
        lh_actor(actor) AS actor,
        src_endpoint.ip AS src_ip,
        api.operation AS operation,
        metadata.uid AS uid,
        time_bucket($span, time_dt) AS span_start
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND regexp_matches(api.operation, '^(List|Describe|Get)')
      AND src_endpoint.ip IS NOT NULL
),
-- Two passes: spans with enough calls are found first, and the distinct
-- operations and evidence are gathered only for them. The first pass
-- groups by a hash of the identity: grouping 2.4M discovery calls by the
-- identity's strings, with a distinct count, took 5 s of the hunt's 6.5 s
-- over 5M generated events; by the hash the hunt takes 4 s. A collision
-- can only let a span through, never hold one back, and the HAVING below
-- checks every span again on its real identity.
busy AS (
    SELECT hash(accountid, actor, src_ip) AS who, span_start
    FROM discovery
    GROUP BY ALL
    HAVING count(*) >= $min_calls
)
SELECT
    min(d.time_dt) AS first_time,
    max(d.time_dt) AS last_time,
    d.accountid AS account,
    min(d.region) AS region,
    d.actor,
    d.src_ip,
    concat(CAST(count(DISTINCT d.operation) AS VARCHAR), ' distinct operations in ', CAST(count(*) AS VARCHAR), ' calls within ', CAST($span AS VARCHAR), ': ',
           array_to_string(list_slice(list(DISTINCT d.operation ORDER BY d.operation), 1, 10), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(d.uid, d.time_dt) AS evidence_uids,
    count(d.uid) AS evidence_total
FROM discovery d
SEMI JOIN busy b ON hash(d.accountid, d.actor, d.src_ip) = b.who AND d.span_start = b.span_start
GROUP BY d.accountid, d.actor, d.src_ip, d.span_start
HAVING count(*) >= $min_calls AND count(DISTINCT d.operation) > $min_operations
ORDER BY first_time
