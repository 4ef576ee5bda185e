-- id: vpc_top_talkers
-- title: Top talkers by bytes
-- description: The $top source and destination pairs that moved the most bytes in
--   accepted flows during the window (top talkers of the Tailpipe and Sumo Logic VPC
--   dashboards). A ranking to eyeball: a database or build host at the top is the
--   finding.
-- severity: info
-- tactics: TA0010
-- techniques: T1048
-- source: vpcflow
-- logic: ranking
-- covers: vpc_top_talkers
-- tags: vpc, ranking, network
-- param: top:int=10 | How many pairs to list.
WITH flows AS (
    SELECT *, coalesce(metadata.uid, concat(coalesce(src_endpoint.interface_uid, dst_endpoint.interface_uid, '-'), '@', time, ' ', src_endpoint.ip, ':', src_endpoint.port, '>', dst_endpoint.ip, ':', dst_endpoint.port, '/', connection_info.protocol_num)) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.bytes IS NOT NULL
),
pairs AS (
    SELECT accountid, any_value(region) AS region, src_endpoint.ip AS src, dst_endpoint.ip AS dst,
           any_value(coalesce(src_endpoint.instance_uid, src_endpoint.interface_uid, src_endpoint.ip)) AS actor,
           min(time_dt) AS first_time, max(coalesce(end_time_dt, time_dt)) AS last_time,
           sum(traffic.bytes) AS bytes, sum(traffic.packets) AS packets, count(*) AS flow_count,
           min_by(flow_uid, time_dt, 20) AS uids
    FROM flows
    GROUP BY accountid, src_endpoint.ip, dst_endpoint.ip
)
SELECT
    first_time,
    last_time,
    accountid AS account,
    region,
    actor,
    src AS src_ip,
    concat('#', CAST(rank AS VARCHAR), ': ', src, ' -> ', dst, ' ', CAST(round(bytes / 1048576.0, 1) AS VARCHAR), ' MiB, ',
           CAST(packets AS VARCHAR), ' packets') AS summary,
    flow_count AS event_count,
    uids AS evidence_uids,
    flow_count AS evidence_total
FROM (SELECT *, row_number() OVER (ORDER BY bytes DESC, src, dst) AS rank FROM pairs)
WHERE rank <= $top
ORDER BY rank
