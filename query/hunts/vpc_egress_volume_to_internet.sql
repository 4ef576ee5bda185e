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
WITH flows AS (
    SELECT *, lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.bytes IS NOT NULL AND regexp_matches(src_endpoint.ip, '^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|127\.|169\.254\.|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.|(?i:f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:|::1$))') AND (dst_endpoint.ip IS NOT NULL AND NOT regexp_matches(dst_endpoint.ip, '^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|127\.|169\.254\.|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.|(?i:f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:|::1$))')) AND coalesce(dst_endpoint.svc_name, '-') = '-'
)
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    region AS region,
    coalesce(src_endpoint.instance_uid, src_endpoint.interface_uid, src_endpoint.ip) AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(round(sum(traffic.bytes) / 1048576.0, 1) AS VARCHAR), ' MiB to ', CAST(count(DISTINCT dst_endpoint.ip) AS VARCHAR), ' internet host(s): ', array_to_string(list_slice(list_sort(list(DISTINCT concat(dst_endpoint.ip, ':', dst_endpoint.port))), 1, 5), ', ')) AS summary,
    count(*) AS event_count,
    lh_earliest(flow_uid, time_dt, 20) AS evidence_uids,
    count(*) AS evidence_total
FROM flows
GROUP BY accountid, region, src_endpoint.ip, actor, date_trunc('hour', time_dt)
HAVING sum(traffic.bytes) >= $min_bytes
ORDER BY first_time
