-- id: vpc_admin_ports_from_internet
-- title: Administrative ports reached from the internet
-- description: Flows from public addresses to private hosts on administrative ports
--   ($admin_ports: SSH, RDP, VNC, Telnet by default) where at least one flow from that
--   source was accepted: the port is open to the world (Panther "inbound port blocklist",
--   Tailpipe SSH and RDP traffic). Sources refused every time are the internet's
--   background scanning, which the security group already stopped: at medium bench
--   scale they made 2.3 million findings (vpc_rejected_traffic_burst reports heavy ones).
-- severity: medium
-- tactics: TA0001, TA0008
-- techniques: T1133, T1021
-- source: vpcflow
-- logic: filter
-- covers: vpc_inbound_admin_ports, panther_vpc_inbound_port_blocklist, tp_vpc_ssh_traffic, tp_vpc_rdp_traffic
-- tags: vpc, network, exposure
-- param: admin_ports:ints=22,23,3389,5900,5985,5986 | Administrative destination ports.
WITH admin AS MATERIALIZED (
    -- Read once and kept for both steps below, with only the fields they
    -- and lh_flow_findings use: a CTE kept whole holds every column of its
    -- rows. Over the medium bench lake's 50M flows (3.07M of them kept,
    -- 2-core AMD EPYC) two reads took 16.2 CPU-s, this one 9.7 CPU-s and
    -- 0.6 GB more memory.
    SELECT accountid, region, time, time_dt, end_time_dt, action,
        {'uid': metadata.uid} AS metadata,
        {'ip': src_endpoint.ip, 'port': src_endpoint.port, 'instance_uid': src_endpoint.instance_uid, 'interface_uid': src_endpoint.interface_uid} AS src_endpoint,
        {'ip': dst_endpoint.ip, 'port': dst_endpoint.port, 'interface_uid': dst_endpoint.interface_uid} AS dst_endpoint,
        {'protocol_num': connection_info.protocol_num} AS connection_info
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND list_contains($admin_ports, dst_endpoint.port) AND (src_endpoint.ip IS NOT NULL AND NOT lh_private_ip(src_endpoint.ip)) AND lh_private_ip(dst_endpoint.ip)
),
-- Only pairs of addresses that got through: rejected probes alone are
-- noise. The pairs are found first, by a hash of their keys, and only
-- their flows are read again and described: a window over every column
-- of the medium bench's 2.9M admin-port flows took 12.2-14.2 s ('hunt run'
-- alone under a 2 GB cap on the 2-core Intel Xeon; 12.0-13.2 s now),
-- describing every pair ran out of memory. A
-- collision can only let a pair through, and the findings check every
-- pair again on its own keys.
open_pairs AS (
    SELECT hash(accountid, region, src_endpoint.ip, lh_flow_actor(src_endpoint), dst_endpoint.ip) AS pair
    FROM admin
    GROUP BY ALL
    HAVING bool_or(action = 'Allowed')
),
flows AS (
    SELECT f.*
    FROM admin f
    SEMI JOIN open_pairs p ON hash(f.accountid, f.region, f.src_endpoint.ip, lh_flow_actor(f.src_endpoint), f.dst_endpoint.ip) = p.pair
)
SELECT * FROM lh_flow_findings('flows', NULL,
    concat(src_endpoint.ip, ' -> ', dst_endpoint.ip, ' on ', array_to_string(list_sort(list(DISTINCT CAST(dst_endpoint.port AS VARCHAR))), ', '), ': ', CAST(count(*) FILTER (WHERE action = 'Allowed') AS VARCHAR), ' accepted, ', CAST(count(*) FILTER (WHERE action = 'Denied') AS VARCHAR), ' rejected'),
    keep := bool_or(action = 'Allowed'))
