-- id: api_caller_receives_vpc_egress
-- title: AWS API caller receives data from the VPC
-- description: A public address that made CloudTrail calls in the window also received
--   at least $min_bytes bytes of accepted traffic from private hosts in the VPC: stolen
--   credentials and data leaving to the same machine.
-- severity: high
-- tactics: TA0010, TA0001
-- techniques: T1048, T1078.004
-- source: both
-- logic: sequence
-- covers: vpc_exfil_bytes_egress, panther_s3_large_download
-- tags: vpc, cloudtrail, correlation, exfiltration
-- param: min_bytes:int=104857600 | Bytes received by the caller that make a finding (100 MiB).
WITH api_calls AS NOT MATERIALIZED (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (src_endpoint.ip IS NOT NULL AND NOT lh_private_ip(src_endpoint.ip))
),
caller_ips AS (
    -- Callers are listed first and described last, only those that
    -- received enough: the operations and evidence of every public caller
    -- (776k address and account pairs over the medium bench's month) held
    -- more than the half gigabyte DuckDB gets under --memory-limit 1GB, and
    -- this hunt ran out of memory there alone.
    SELECT DISTINCT src_endpoint.ip AS ip
    FROM api_calls
),
heavy AS (
    -- Destinations are summed first and described second, and only those
    -- that also called the API: a uid and a place in the evidence for every
    -- flow from the VPC, kept for every destination, ran out of 6 GB on the
    -- medium bench's 50 million flows beside another hunt (alone, 63 s and
    -- out of memory; now 24 s and 1.6 GB, 27 findings as before).
    -- Whether a flow came from the VPC is asked of the flows to callers
    -- alone, in the sum's FILTER: in WHERE, DuckDB tests every accepted
    -- flow's source (28.9M over the medium bench's month) before the join
    -- leaves 0.6M.
    SELECT accountid, dst_endpoint.ip AS ip
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed'
      AND dst_endpoint.ip IN (SELECT ip FROM caller_ips)
    GROUP BY ALL
    HAVING sum(traffic.bytes) FILTER (WHERE lh_private_ip(src_endpoint.ip)) >= $min_bytes
),
to_heavy AS MATERIALIZED (
    -- The accepted flows to the heavy destinations. Whether each came
    -- from the VPC is asked of these alone, after this CTE: asked in its
    -- WHERE, DuckDB tests every accepted flow's source first (28.9M over
    -- the medium bench's month, against 0.6M here).
    SELECT f.accountid, f.dst_endpoint.ip AS ip, f.region, f.traffic.bytes AS bytes, f.time_dt, f.src_endpoint.ip AS src,
           lh_flow_uid(f.metadata, f.src_endpoint, f.dst_endpoint, f.connection_info, f.time) AS uid
    FROM vpcflow f
    JOIN heavy h ON h.accountid = f.accountid AND h.ip = f.dst_endpoint.ip
    WHERE f.time_dt >= $window_start AND f.time_dt < $window_end
      AND f.action = 'Allowed'
),
egress AS (
    SELECT accountid, ip, min(region) AS region, sum(bytes) AS bytes, count(*) AS flow_count,
           min(time_dt) AS first_flow, max(time_dt) AS last_flow, lh_earliest(uid, time_dt, 10) AS uids
    FROM to_heavy
    WHERE lh_private_ip(src)
    GROUP BY accountid, ip
),
callers AS (
    SELECT src_endpoint.ip AS ip, accountid, min(time_dt) AS first_call, max(time_dt) AS last_call,
           lh_earliest(lh_actor(actor), time_dt) AS caller,
           lh_earliest(metadata.uid, time_dt, 10) AS uids, count(*) AS calls
    FROM api_calls
    WHERE src_endpoint.ip IN (SELECT ip FROM egress)
    GROUP BY ALL
)
SELECT
    least(c.first_call, e.first_flow) AS first_time,
    greatest(c.last_call, e.last_flow) AS last_time,
    e.accountid AS account,
    e.region,
    c.caller AS actor,
    c.ip AS src_ip,
    concat(c.ip, ' made ', CAST(c.calls AS VARCHAR), ' API call(s) and received ', CAST(round(e.bytes / 1048576.0, 1) AS VARCHAR), ' MiB from the VPC') AS summary,
    c.calls + e.flow_count AS event_count,
    list_concat(c.uids, e.uids) AS evidence_uids,
    c.calls + e.flow_count AS evidence_total
FROM callers c
JOIN egress e ON e.ip = c.ip
ORDER BY first_time
