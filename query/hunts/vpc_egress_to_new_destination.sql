-- id: vpc_egress_to_new_destination
-- title: Large transfer to an internet host never contacted before
-- description: A private host sent at least $min_bytes bytes in the window to a public
--   address it never exchanged accepted traffic with in the $baseline before
--   (first-seen destination). Sources without any baseline traffic are skipped.
-- severity: medium
-- tactics: TA0010
-- techniques: T1048, T1567
-- source: vpcflow
-- logic: first-seen
-- covers: vpc_exfil_bytes_egress, vpc_rare_dst_port
-- tags: vpc, exfiltration, baseline
-- baseline: 14d
-- param: min_bytes:int=104857600 | Bytes to the new destination that make a finding (100 MiB).
WITH egress AS NOT MATERIALIZED (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND action = 'Allowed'
      AND lh_private_ip(src_endpoint.ip) AND (dst_endpoint.ip IS NOT NULL AND NOT lh_private_ip(dst_endpoint.ip))
),
-- Why joins and two passes: with EXISTS over a CTE of whole rows, DuckDB 1.5.6
-- buffered every flow of the window and spilled 50 GB (a window of one hour on the
-- medium bench's lake); grouping every new (source, destination) with its evidence
-- ran out of 4 GB. The sums pick the large transfers first; only their flows are
-- read again for the evidence.
-- The window's large transfers come first, and the baseline is read only for
-- their sources: taking the distinct pairs of the whole baseline first took
-- 16 s of the pack over the day after the medium bench's flows, a day with
-- no flow of its own (the bench's scenario 3, 'seconds:' of this hunt, on
-- the 2-core Intel Xeon). Whether a source has a
-- baseline and a pair is new are asked of whole pairs, so they keep or drop
-- whole sums.
large AS (
    SELECT accountid, src_endpoint.ip AS src, lh_flow_actor(src_endpoint) AS actor, dst_endpoint.ip AS dst
    FROM egress
    WHERE time_dt >= $window_start
    GROUP BY ALL
    HAVING sum(traffic.bytes) >= $min_bytes
),
seen AS MATERIALIZED (
    SELECT DISTINCT e.accountid, e.src_endpoint.ip AS src, e.dst_endpoint.ip AS dst
    FROM egress e
    SEMI JOIN large l ON l.accountid = e.accountid AND l.src = e.src_endpoint.ip
    WHERE e.time_dt < $window_start
),
new_large AS (
    SELECT l.* FROM large l
    SEMI JOIN seen AS s ON s.accountid = l.accountid AND s.src = l.src
    ANTI JOIN seen AS k ON k.accountid = l.accountid AND k.src = l.src AND k.dst = l.dst
)
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    min(region) AS region,
    lh_flow_actor(src_endpoint) AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(round(sum(traffic.bytes) / 1048576.0, 1) AS VARCHAR), ' MiB to new destination ', dst_endpoint.ip, ' (ports ', array_to_string(list_sort(list(DISTINCT CAST(dst_endpoint.port AS VARCHAR))), ', '), ')') AS summary,
    count(*) AS event_count,
    lh_evidence(lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time), time_dt) AS evidence_uids,
    count(*) AS evidence_total
FROM egress f
SEMI JOIN new_large AS l ON l.accountid = f.accountid AND l.src = f.src_endpoint.ip AND l.actor = lh_flow_actor(f.src_endpoint) AND l.dst = f.dst_endpoint.ip
WHERE f.time_dt >= $window_start
GROUP BY accountid, src_endpoint.ip, actor, dst_endpoint.ip
ORDER BY first_time
