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
WITH egress AS (
    SELECT *, lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND action = 'Allowed'
      AND lh_private_ip(src_endpoint.ip) AND (dst_endpoint.ip IS NOT NULL AND NOT lh_private_ip(dst_endpoint.ip))
),
known AS (
    SELECT DISTINCT accountid, src_endpoint.ip AS src, dst_endpoint.ip AS dst FROM egress WHERE time_dt < $window_start
),
flows AS (
    SELECT * FROM egress e
    WHERE time_dt >= $window_start
      AND EXISTS (SELECT 1 FROM known k WHERE k.accountid = e.accountid AND k.src = e.src_endpoint.ip)
      AND NOT EXISTS (SELECT 1 FROM known k WHERE k.accountid = e.accountid AND k.src = e.src_endpoint.ip AND k.dst = e.dst_endpoint.ip)
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
    lh_evidence(flow_uid, time_dt) AS evidence_uids,
    count(*) AS evidence_total
FROM flows
GROUP BY accountid, src_endpoint.ip, actor, dst_endpoint.ip
HAVING sum(traffic.bytes) >= $min_bytes
ORDER BY first_time
