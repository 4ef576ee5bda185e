-- id: vpc_flow_log_gaps
-- title: Flow log records dropped (SKIPDATA)
-- description: Flow log records with log status SKIPDATA: AWS dropped records for that
--   interval because of an internal capacity limit or error (Panther "VPC healthy log
--   status"). The traffic of those minutes is missing from every VPC hunt; with
--   $include_nodata, intervals without any traffic are listed too.
-- severity: low
-- tactics: TA0005
-- techniques: T1562.008
-- source: vpcflow
-- logic: filter
-- covers: panther_vpc_log_status_skipdata, vpc_log_gaps
-- tags: vpc, logging, data-quality
-- param: include_nodata:bool=false | Also list intervals without traffic (NODATA).
WITH flows AS (
    SELECT *, lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (status_code = 'SKIPDATA' OR ($include_nodata AND status_code = 'NODATA'))
)
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    region AS region,
    coalesce(src_endpoint.interface_uid, dst_endpoint.interface_uid) AS actor,
    NULL AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' ', status_code, ' interval(s) on ', coalesce(src_endpoint.interface_uid, dst_endpoint.interface_uid, 'an interface'), ' from ', strftime(min(time_dt), '%Y-%m-%dT%H:%M:%SZ'), ' to ', strftime(max(coalesce(end_time_dt, time_dt)), '%Y-%m-%dT%H:%M:%SZ')) AS summary,
    count(*) AS event_count,
    lh_evidence(flow_uid, time_dt) AS evidence_uids,
    count(*) AS evidence_total
FROM flows
GROUP BY accountid, region, src_endpoint.interface_uid, dst_endpoint.interface_uid, status_code
ORDER BY first_time
