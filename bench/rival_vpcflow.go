package bench

// The DuckDB-only rival of `lakehunt ingest vpcflow`: read_csv over the
// delivered .log.gz files (space-delimited, header line, "-" as NULL) and
// the OCSF 4001 columns computed in SQL, partitioned like the lake. The
// column list is the generator's format; a real user would have to write
// one per format their flow logs use, where lakehunt reads each file's
// header. Left out: unmapped (fields without an OCSF attribute) and time
// ordering within files. Neither writes observables, start_time,
// end_time, status, status_id or disposition_id: lakehunt's views derive
// them (lake.VPCFlow's Derived).

const flowColumns = `{
 'version': 'VARCHAR', 'account_id': 'VARCHAR', 'interface_id': 'VARCHAR', 'srcaddr': 'VARCHAR', 'dstaddr': 'VARCHAR',
 'srcport': 'INTEGER', 'dstport': 'INTEGER', 'protocol': 'INTEGER', 'packets': 'BIGINT', 'bytes': 'BIGINT',
 'start': 'BIGINT', 'end': 'BIGINT', 'action': 'VARCHAR', 'log_status': 'VARCHAR', 'vpc_id': 'VARCHAR',
 'subnet_id': 'VARCHAR', 'instance_id': 'VARCHAR', 'tcp_flags': 'INTEGER', 'type': 'VARCHAR', 'pkt_srcaddr': 'VARCHAR',
 'pkt_dstaddr': 'VARCHAR', 'region': 'VARCHAR', 'az_id': 'VARCHAR', 'pkt_src_aws_service': 'VARCHAR',
 'pkt_dst_aws_service': 'VARCHAR', 'flow_direction': 'VARCHAR', 'traffic_path': 'INTEGER'}`

// flowRivalSQL returns the COPY statement that ingests the files matched
// by glob into a partitioned Parquet tree at out.
func flowRivalSQL(glob, out string) string {
	return `COPY (
WITH raw AS (
  SELECT *,
    coalesce(pkt_srcaddr, srcaddr) AS src_ip, coalesce(pkt_dstaddr, dstaddr) AS dst_ip,
    flow_direction = 'ingress' AS inbound,
    make_timestamp(start * 1000000) AS start_ts
  FROM read_csv(` + quote(glob) + `, delim = ' ', header = true, nullstr = '-', filename = true,
                columns = ` + flowColumns + `)
)
SELECT
  {product: {version: version, name: 'Amazon VPC', vendor_name: 'AWS', feature: {name: 'Flowlogs'}},
   profiles: ['cloud', 'security_control', 'datetime'], version: '1.1.0'} AS metadata,
  {account: {uid: account_id}, region: region, zone: az_id, provider: 'AWS'} AS cloud,
  {port: srcport, svc_name: coalesce(pkt_src_aws_service, '-'), ip: src_ip,
   intermediate_ips: CASE WHEN pkt_srcaddr <> srcaddr THEN [srcaddr] END,
   interface_uid: CASE WHEN NOT coalesce(inbound, false) THEN interface_id END,
   vpc_uid: CASE WHEN NOT coalesce(inbound, false) THEN vpc_id END,
   instance_uid: CASE WHEN NOT coalesce(inbound, false) THEN instance_id END,
   subnet_uid: CASE WHEN NOT coalesce(inbound, false) THEN subnet_id END} AS src_endpoint,
  {port: dstport, svc_name: coalesce(pkt_dst_aws_service, '-'), ip: dst_ip,
   intermediate_ips: CASE WHEN pkt_dstaddr <> dstaddr THEN [dstaddr] END,
   interface_uid: CASE WHEN inbound THEN interface_id END, vpc_uid: CASE WHEN inbound THEN vpc_id END,
   instance_uid: CASE WHEN inbound THEN instance_id END, subnet_uid: CASE WHEN inbound THEN subnet_id END} AS dst_endpoint,
  {protocol_num: protocol, tcp_flags: tcp_flags, protocol_ver: type,
   boundary_id: CASE WHEN traffic_path BETWEEN 1 AND 8 THEN traffic_path + 3 WHEN action IS NOT NULL THEN 99 END,
   boundary: CASE traffic_path WHEN 1 THEN 'Same VPC' WHEN 2 THEN 'Internet/VPC Gateway' WHEN 3 THEN 'Virtual Private Gateway'
     WHEN 4 THEN 'Intra-region VPC' WHEN 5 THEN 'Inter-region VPC' WHEN 6 THEN 'Local Gateway' WHEN 7 THEN 'Gateway VPC'
     WHEN 8 THEN 'Internet Gateway' ELSE CASE WHEN action IS NOT NULL THEN '-' END END,
   direction_id: CASE flow_direction WHEN 'ingress' THEN 1 WHEN 'egress' THEN 2 END,
   direction: CASE flow_direction WHEN 'ingress' THEN 'Inbound' WHEN 'egress' THEN 'Outbound' END} AS connection_info,
  {packets: packets, bytes: bytes} AS traffic,
  start * 1000 AS time, start_ts AS time_dt, start_ts AS start_time_dt, make_timestamp("end" * 1000000) AS end_time_dt,
  log_status AS status_code,
  1 AS severity_id, 'Informational' AS severity,
  'Network Activity' AS class_name, 4001 AS class_uid, 'Network Activity' AS category_name, 4 AS category_uid,
  CASE action WHEN 'ACCEPT' THEN 'Traffic' WHEN 'REJECT' THEN 'Refuse' ELSE 'Unknown' END AS activity_name,
  CASE action WHEN 'ACCEPT' THEN 6 WHEN 'REJECT' THEN 5 ELSE 0 END AS activity_id,
  CASE action WHEN 'ACCEPT' THEN 'Allowed' WHEN 'REJECT' THEN 'Denied' END AS action,
  CASE action WHEN 'ACCEPT' THEN 1 WHEN 'REJECT' THEN 2 END AS action_id,
  CASE action WHEN 'ACCEPT' THEN 'Allowed' WHEN 'REJECT' THEN 'Blocked' END AS disposition,
  400100 + CASE action WHEN 'ACCEPT' THEN 6 WHEN 'REJECT' THEN 5 ELSE 0 END AS type_uid,
  'Network Activity: ' || CASE action WHEN 'ACCEPT' THEN 'Traffic' WHEN 'REJECT' THEN 'Refuse' ELSE 'Unknown' END AS type_name,
  coalesce(region, regexp_extract(filename, '/vpcflowlogs/([a-z0-9-]+)/', 1)) AS region,
  coalesce(account_id, regexp_extract(filename, 'AWSLogs/([0-9]{12})/', 1)) AS accountId,
  strftime(start_ts, '%Y%m%d') AS eventDay
FROM raw
) TO ` + quote(out) + ` (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (region, accountId, eventDay))`
}
