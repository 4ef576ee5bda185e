-- id: vpc_smb_rpc_to_internet
-- title: SMB, NetBIOS or RPC traffic to the internet
-- description: Flows from private hosts to public addresses on ports 135, 137-139 or
--   445: Windows file sharing and RPC never need to leave the network, so this is
--   exfiltration, NTLM hash leakage or worm traffic.
-- severity: medium
-- tactics: TA0010, TA0006
-- techniques: T1048, T1187
-- source: vpcflow
-- logic: filter
-- covers: vpc_rare_dst_port
-- tags: vpc, network
WITH flows AS (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND dst_endpoint.port IN (135, 137, 138, 139, 445) AND lh_private_ip(src_endpoint.ip) AND (dst_endpoint.ip IS NOT NULL AND NOT lh_private_ip(dst_endpoint.ip))
)
SELECT * FROM lh_flow_findings('flows', dst_endpoint.port,
    concat(src_endpoint.ip, ' -> ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ' (', CAST(count(*) FILTER (WHERE action = 'Allowed') AS VARCHAR), ' accepted, ', CAST(count(*) FILTER (WHERE action = 'Denied') AS VARCHAR), ' rejected)'))
