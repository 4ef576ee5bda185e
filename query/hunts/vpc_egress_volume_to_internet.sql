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
heavy AS (
    -- Sources are summed first and described second, so that flows of
    -- sources below the bar get no uid and no place in the evidence: 45 s
    -- and 4.1 GB of the medium bench ('hunt run'), now 42 s and 3.2 GB. The
    -- rest is the summary's distinct lists of the heavy sources.
    SELECT accountid, region, src_endpoint.ip AS src, lh_flow_actor(src_endpoint) AS actor,
           lh_hour(time_dt) AS hour
    FROM flows
    GROUP BY ALL
    HAVING sum(traffic.bytes) >= $min_bytes
),
sent AS (
    SELECT f.*
    FROM flows f
    SEMI JOIN heavy h ON f.accountid = h.accountid AND f.region = h.region AND f.src_endpoint.ip = h.src
        AND lh_flow_actor(f.src_endpoint) = h.actor AND lh_hour(f.time_dt) = h.hour
)
SELECT * FROM lh_flow_source_findings('sent', lh_hour(time_dt), NULL,
    concat(CAST(round(sum(traffic.bytes) / 1048576.0, 1) AS VARCHAR), ' MiB to ', CAST(count(DISTINCT dst_endpoint.ip) AS VARCHAR), ' internet host(s): ', array_to_string(list_slice(list_sort(list(DISTINCT concat(dst_endpoint.ip, ':', dst_endpoint.port))), 1, 5), ', ')))
