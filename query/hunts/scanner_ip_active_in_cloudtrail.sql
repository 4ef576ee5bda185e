-- id: scanner_ip_active_in_cloudtrail
-- title: Network scanner also calls AWS APIs or logs in
-- description: An address that probed at least $min_ports distinct ports (rejected
--   flows) in the VPC Flow Logs also appears as the source IP of CloudTrail calls or
--   console logins in the window: the same actor is attacking both the network and the
--   control plane.
-- severity: critical
-- tactics: TA0043, TA0001, TA0006
-- techniques: T1046, T1078.004, T1110
-- source: both
-- logic: sequence
-- covers: vpc_port_scan_distinct_ports, panther_std_malicious_ip, ar_api_from_tor
-- tags: vpc, cloudtrail, correlation, scan
-- param: min_ports:int=5 | Distinct rejected destination ports that make an address a scanner.
WITH scanners AS (
    SELECT src_endpoint.ip AS ip, count(DISTINCT dst_endpoint.port) AS ports, min(time_dt) AS scan_start,
           lh_earliest(lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time), time_dt, 5) AS flow_uids, count(*) AS flow_count
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Denied' AND src_endpoint.ip IS NOT NULL
      -- Only an address that also calls AWS can be a finding: asking this
      -- first keeps the per-address state (distinct ports, earliest flow
      -- ids) to those addresses instead of every scanner on the internet.
      AND src_endpoint.ip IN (SELECT src_endpoint.ip FROM cloudtrail_all WHERE time_dt >= $window_start AND time_dt < $window_end)
    GROUP BY src_endpoint.ip
    HAVING count(DISTINCT dst_endpoint.port) >= $min_ports
)
SELECT
    least(min(c.time_dt), any_value(s.scan_start)) AS first_time,
    max(c.time_dt) AS last_time,
    c.accountid AS account,
    min(c.region) AS region,
    lh_actor(c.actor) AS actor,
    s.ip AS src_ip,
    concat(s.ip, ' scanned ', CAST(any_value(s.ports) AS VARCHAR), ' ports and made ', CAST(count(*) AS VARCHAR), ' CloudTrail call(s) (',
           CAST(count(*) FILTER (WHERE c.api.response.error IS NULL AND coalesce(c.status, 'Success') = 'Success') AS VARCHAR), ' succeeded): ',
           array_to_string(list_slice(list(DISTINCT c.api.operation ORDER BY c.api.operation), 1, 8), ', ')) AS summary,
    count(*) + any_value(s.flow_count) AS event_count,
    list_concat(lh_earliest(c.metadata.uid, c.time_dt, 15), any_value(s.flow_uids)) AS evidence_uids,
    count(c.metadata.uid) + any_value(s.flow_count) AS evidence_total
FROM cloudtrail_all c
JOIN scanners s ON s.ip = c.src_endpoint.ip
WHERE c.time_dt >= $window_start AND c.time_dt < $window_end
GROUP BY c.accountid, actor, s.ip
ORDER BY first_time
