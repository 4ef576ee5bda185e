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
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.bytes > $min_bytes
)
SELECT * FROM lh_flow_findings('flows', dst_endpoint.port,
    concat(src_endpoint.ip, ' -> ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ' ', CAST(round(sum(traffic.bytes) / 1048576.0, 1) AS VARCHAR), ' MiB in ', CAST(count(*) AS VARCHAR), ' large flow(s)'))
