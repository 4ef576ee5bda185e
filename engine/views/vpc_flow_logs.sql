-- vpc_flow_logs: the flow lake in the shape of AWS's documented Athena
-- table over raw VPC Flow Logs ("Querying Amazon VPC flow logs", Athena
-- user guide: CREATE EXTERNAL TABLE vpc_flow_logs, fields of versions 2 to
-- 5, space-delimited text), followed by the fields of versions 7 (ECS) and
-- 8 (reject_reason) named the same way, and its partition column `date`
-- (the flow's start day, UTC). String columns give "-" as the line wrote
-- it and NULL for a field the line's format lacks; numbers are NULL for
-- "-". Each value comes from its OCSF column, or from unmapped where the
-- mapper keeps the raw text the columns cannot give back (storage/ocsf).
CREATE VIEW vpc_flow_logs AS
SELECT
    lh_flow_version(metadata) AS version,
    lh_raw(unmapped, 'account_id', cloud.account.uid) AS account_id,
    lh_raw(unmapped, 'interface_id', coalesce(nullif(src_endpoint.interface_uid, ''), dst_endpoint.interface_uid)) AS interface_id,
    lh_raw(unmapped, 'srcaddr', coalesce(src_endpoint.intermediate_ips[1], src_endpoint.ip)) AS srcaddr,
    lh_raw(unmapped, 'dstaddr', coalesce(dst_endpoint.intermediate_ips[1], dst_endpoint.ip)) AS dstaddr,
    CAST(src_endpoint.port AS INTEGER) AS srcport,
    CAST(dst_endpoint.port AS INTEGER) AS dstport,
    CAST(connection_info.protocol_num AS BIGINT) AS protocol,
    CAST(traffic.packets AS BIGINT) AS packets,
    CAST(traffic.bytes AS BIGINT) AS bytes,
    CAST(time // 1000 AS BIGINT) AS start,
    CAST(end_time // 1000 AS BIGINT) AS "end",
    lh_raw(unmapped, 'action', CASE action WHEN 'Allowed' THEN 'ACCEPT' WHEN 'Denied' THEN 'REJECT' END) AS action,
    lh_raw(unmapped, 'log_status', status_code) AS log_status,
    lh_raw(unmapped, 'vpc_id', coalesce(nullif(src_endpoint.vpc_uid, ''), dst_endpoint.vpc_uid)) AS vpc_id,
    lh_raw(unmapped, 'subnet_id', coalesce(nullif(src_endpoint.subnet_uid, ''), dst_endpoint.subnet_uid)) AS subnet_id,
    lh_raw(unmapped, 'instance_id', coalesce(nullif(src_endpoint.instance_uid, ''), dst_endpoint.instance_uid)) AS instance_id,
    CAST(connection_info.tcp_flags AS INTEGER) AS tcp_flags,
    lh_raw(unmapped, 'type', connection_info.protocol_ver) AS type,
    -- With both addresses of a side, the endpoint's ip is the packet's.
    -- A record of format version 2 has no packet-level addresses (a
    -- version 3 field) and no region (version 4; the column's may come
    -- from the S3 key or --region): the mapper keeps nothing for them.
    lh_raw(unmapped, 'pkt_srcaddr', CASE WHEN (lh_flow_version(metadata) >= 3) IS NOT false THEN src_endpoint.ip END) AS pkt_srcaddr,
    lh_raw(unmapped, 'pkt_dstaddr', CASE WHEN (lh_flow_version(metadata) >= 3) IS NOT false THEN dst_endpoint.ip END) AS pkt_dstaddr,
    lh_raw(unmapped, 'region', CASE WHEN (lh_flow_version(metadata) >= 4) IS NOT false THEN cloud.region END) AS region,
    lh_raw(unmapped, 'az_id', cloud.zone) AS az_id,
    unmapped['sublocation_type'] AS sublocation_type,
    unmapped['sublocation_id'] AS sublocation_id,
    nullif(src_endpoint.svc_name, '') AS pkt_src_aws_service,
    nullif(dst_endpoint.svc_name, '') AS pkt_dst_aws_service,
    lh_raw(unmapped, 'flow_direction',
        CASE connection_info.direction WHEN 'Inbound' THEN 'ingress' WHEN 'Outbound' THEN 'egress' END) AS flow_direction,
    CASE WHEN connection_info.boundary_id BETWEEN 4 AND 11 THEN CAST(connection_info.boundary_id - 3 AS INTEGER)
         ELSE TRY_CAST(connection_info.boundary AS INTEGER) END AS traffic_path,
    unmapped['ecs_cluster_arn'] AS ecs_cluster_arn,
    unmapped['ecs_cluster_name'] AS ecs_cluster_name,
    unmapped['ecs_container_instance_arn'] AS ecs_container_instance_arn,
    unmapped['ecs_container_instance_id'] AS ecs_container_instance_id,
    unmapped['ecs_container_id'] AS ecs_container_id,
    unmapped['ecs_second_container_id'] AS ecs_second_container_id,
    unmapped['ecs_service_name'] AS ecs_service_name,
    unmapped['ecs_task_definition_arn'] AS ecs_task_definition_arn,
    unmapped['ecs_task_arn'] AS ecs_task_arn,
    unmapped['ecs_task_id'] AS ecs_task_id,
    unmapped['reject_reason'] AS reject_reason,
    CAST(time_dt AS DATE) AS "date"
FROM vpcflow
