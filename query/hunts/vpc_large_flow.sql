-- id: vpc_large_flow
-- title: Single flow moving a large amount of data
-- description: An accepted flow record of more than $min_bytes bytes (Tailpipe "large
--   data transfer"). One record covers one aggregation interval of one connection, so
--   this is a lot of data in a short time.
-- severity: medium
-- tactics: TA0010
-- techniques: T1048
-- source: vpcflow
-- logic: filter
-- covers: tp_vpc_large_data_transfer, vpc_large_transfer
-- tags: vpc, exfiltration, network
-- param: min_bytes:int=500000000 | Bytes in one flow record that make a finding.
WITH flows AS (
    SELECT *, lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.bytes > $min_bytes
)
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    region AS region,
    coalesce(src_endpoint.instance_uid, src_endpoint.interface_uid, src_endpoint.ip) AS actor,
    src_endpoint.ip AS src_ip,
    concat(src_endpoint.ip, ' -> ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ' ', CAST(round(sum(traffic.bytes) / 1048576.0, 1) AS VARCHAR), ' MiB in ', CAST(count(*) AS VARCHAR), ' large flow(s)') AS summary,
    count(*) AS event_count,
    lh_evidence(flow_uid, time_dt) AS evidence_uids,
    count(*) AS evidence_total
FROM flows
GROUP BY accountid, region, src_endpoint.ip, actor, dst_endpoint.ip, dst_endpoint.port
ORDER BY first_time
