-- id: vpc_rare_destination_port
-- title: Accepted traffic to a port not seen before
-- description: Accepted flows in the window to a destination port on which the account
--   saw no accepted flow in the $baseline before it (the Sentinel unused-region pattern
--   applied to ports). Only the server side of a connection counts: flows whose
--   destination port is above $max_port or above the source port are taken for replies
--   and skipped. Accounts without baseline traffic are skipped.
-- severity: low
-- tactics: TA0011, TA0008
-- techniques: T1571
-- source: vpcflow
-- logic: first-seen
-- covers: vpc_rare_dst_port, panther_vpc_inbound_port_allowlist
-- tags: vpc, network, baseline
-- baseline: 14d
-- param: max_port:int=49151 | Highest port taken as a service port.
WITH service_flows AS NOT MATERIALIZED (
    SELECT *, lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND action = 'Allowed'
      AND dst_endpoint.port IS NOT NULL AND dst_endpoint.port <= $max_port
      AND dst_endpoint.port <= coalesce(src_endpoint.port, 65535)
),
-- The window's ports come first, and the baseline is read only for them:
-- the distinct ports of the whole baseline first took 7.5 s of the pack
-- over the day after the medium bench's flows, a day with no flow of its
-- own (the bench's scenario 3, 'seconds:' of this hunt, on the 2-core
-- Intel Xeon).
window_ports AS (
    SELECT DISTINCT accountid, dst_endpoint.port AS port FROM service_flows WHERE time_dt >= $window_start
),
baseline AS MATERIALIZED (
    SELECT DISTINCT f.accountid, f.dst_endpoint.port AS port
    FROM service_flows f
    SEMI JOIN (SELECT DISTINCT accountid FROM window_ports) AS w ON w.accountid = f.accountid
    WHERE f.time_dt < $window_start
),
-- Why joins: with NOT EXISTS over a CTE of whole rows, DuckDB 1.5.6 buffered every
-- flow of the window (half a day of the medium bench's flows after half a day of
-- baseline: 205 s, 12.5 s with the joins, the same findings).
flows AS (
    SELECT f.* FROM service_flows f
    SEMI JOIN (SELECT DISTINCT accountid FROM baseline) AS a ON a.accountid = f.accountid
    ANTI JOIN baseline AS b ON b.accountid = f.accountid AND b.port = f.dst_endpoint.port
    WHERE f.time_dt >= $window_start
)
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    min(region) AS region,
    min(coalesce(dst_endpoint.instance_uid, dst_endpoint.interface_uid, dst_endpoint.ip)) AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat('first accepted traffic to port ', CAST(dst_endpoint.port AS VARCHAR), ': ', CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' source(s) to ', CAST(count(DISTINCT dst_endpoint.ip) AS VARCHAR), ' host(s)') AS summary,
    count(*) AS event_count,
    lh_evidence(flow_uid, time_dt) AS evidence_uids,
    count(*) AS evidence_total
FROM flows
GROUP BY accountid, dst_endpoint.port
ORDER BY first_time
