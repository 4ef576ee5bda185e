-- id: vpc_egress_volume_to_internet
-- title: Large egress from a private host to the internet
-- description: A private source address sent at least $min_bytes bytes in accepted
--   flows to public addresses that are not AWS services within an hour bucket (the
--   static-threshold form of the Panther exfiltration-by-egress idea).
-- severity: high
-- tactics: TA0010
-- techniques: T1048, T1567
-- source: vpcflow
-- logic: threshold
-- covers: vpc_exfil_bytes_egress, panther_vpc_anomalous_dst_port_bytes
-- tags: vpc, exfiltration, network
-- param: min_bytes:int=500000000 | Bytes per hour that make a finding.
WITH flows AS NOT MATERIALIZED (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.bytes IS NOT NULL AND lh_private_ip(src_endpoint.ip) AND (dst_endpoint.ip IS NOT NULL AND NOT lh_private_ip(dst_endpoint.ip)) AND coalesce(dst_endpoint.svc_name, '-') = '-'
),
destinations AS MATERIALIZED (
    -- Bytes by source hour and destination, in the one pass that finds
    -- the heavy sources, so that the summary counts their hosts and lists
    -- their first destinations without DISTINCT aggregates: the
    -- count(DISTINCT ...) and list(DISTINCT ...) of the summary over their
    -- flows held memory that DuckDB's limit does not count, so that this
    -- hunt alone peaked at 1.89 GiB under --memory-limit 1.667GB and ran out
    -- of memory at 1.333GB; this way 1.50 and 1.21 GiB, the same findings,
    -- and the same 25 s at 2GB (medium bench lake, 2-core Intel Xeon).
    SELECT accountid, region, src_endpoint.ip AS src, lh_flow_actor(src_endpoint) AS actor,
           lh_hour(time_dt) AS hour, dst_endpoint.ip AS host, dst_endpoint.port AS port, sum(traffic.bytes) AS bytes
    FROM flows
    GROUP BY ALL
),
heavy AS (
    -- Sources are summed first and described second, so that flows of
    -- sources below the bar get no uid and no place in the evidence.
    SELECT accountid, region, src, actor, hour
    FROM destinations
    GROUP BY ALL
    HAVING sum(bytes) >= $min_bytes
),
reached AS MATERIALIZED (
    SELECT d.*
    FROM destinations d
    SEMI JOIN heavy h ON d.accountid = h.accountid AND d.region = h.region AND d.src = h.src AND d.actor = h.actor AND d.hour = h.hour
),
hosts AS (
    SELECT accountid, region, src, actor, hour, count(*) AS hosts
    FROM (SELECT DISTINCT accountid, region, src, actor, hour, host FROM reached)
    GROUP BY ALL
),
firsts AS (
    -- The five least destinations as text, each once: reached holds each
    -- destination of a source hour once.
    SELECT accountid, region, src, actor, hour, min(concat(host, ':', port), 5) AS first
    FROM reached
    GROUP BY ALL
),
sent AS (
    -- Only the hours from the first heavy one to the last are read again
    -- (see lh_hour_start).
    SELECT f.*
    FROM flows f
    SEMI JOIN heavy h ON f.accountid = h.accountid AND f.region = h.region AND f.src_endpoint.ip = h.src
        AND lh_flow_actor(f.src_endpoint) = h.actor AND lh_hour(f.time_dt) = h.hour
    WHERE f.time_dt >= (SELECT lh_hour_start(min(hour)) FROM heavy)
      AND f.time_dt < (SELECT lh_hour_start(max(hour) + 1) FROM heavy)
)
-- A finding's flows share one hour, so the hour of its first flow is its own.
SELECT f.* REPLACE (concat(f.summary, ' MiB to ', CAST(h.hosts AS VARCHAR), ' internet host(s): ', array_to_string(d.first, ', ')) AS summary)
FROM lh_flow_source_findings('sent', lh_hour(time_dt), NULL, CAST(round(sum(traffic.bytes) / 1048576.0, 1) AS VARCHAR)) f
JOIN hosts h ON f.account = h.accountid AND f.region = h.region AND f.src_ip = h.src AND f.actor = h.actor AND lh_hour(f.first_time) = h.hour
JOIN firsts d ON f.account = d.accountid AND f.region = d.region AND f.src_ip = d.src AND f.actor = d.actor AND lh_hour(f.first_time) = d.hour
ORDER BY f.first_time
