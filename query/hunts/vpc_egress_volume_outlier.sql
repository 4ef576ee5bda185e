-- id: vpc_egress_volume_outlier
-- title: Egress far above the hosts own history
-- description: An hour in the window in which a private source sent more bytes to
--   public addresses than the mean of its hourly egress over the $baseline before the
--   window plus $sigmas standard deviations, and at least $min_bytes (the statistical
--   form of the Panther exfiltration idea). Hosts without baseline egress are skipped;
--   vpc_egress_volume_to_internet covers them.
-- severity: medium
-- tactics: TA0010
-- techniques: T1048, T1030
-- source: vpcflow
-- logic: outlier
-- covers: vpc_exfil_bytes_egress, panther_vpc_anomalous_dst_port_bytes
-- tags: vpc, exfiltration, baseline
-- baseline: 7d
-- param: sigmas:float=3 | Standard deviations above the host's hourly mean.
-- param: min_bytes:int=104857600 | Smallest hourly egress worth reporting (100 MiB).
WITH egress AS NOT MATERIALIZED (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.bytes IS NOT NULL
      AND lh_private_ip(src_endpoint.ip) AND (dst_endpoint.ip IS NOT NULL AND NOT lh_private_ip(dst_endpoint.ip))
),
-- The window's hours are summed first, and the history only of the
-- sources with an hour of at least $min_bytes in the window, which an
-- outlier needs: summing every source's every hour of the baseline took 7 s
-- of the pack over the day after the medium bench's flows (scenario 3 on
-- the family-26 AMD), whose window holds no such hour. Only the outliers'
-- flows are read again and described. An hour (lh_hour) of the window
-- starts at or after $window_start; the hour it starts in, if any, is the
-- history's.
window_hours AS MATERIALIZED (
    SELECT accountid, src_endpoint.ip AS src, lh_hour(time_dt) AS hour, sum(traffic.bytes) AS bytes
    FROM egress
    WHERE time_dt >= $window_start AND lh_hour(time_dt) * 3600000000 >= epoch_us($window_start)
    GROUP BY ALL
),
heavy_sources AS (
    SELECT DISTINCT accountid, src FROM window_hours WHERE bytes >= $min_bytes
),
baseline_hours AS (
    SELECT (epoch($window_start) - epoch($baseline_start)) / 3600 AS n
),
history AS (
    SELECT accountid, src,
           sum(bytes) / any_value(n) AS mean,
           sqrt(greatest(sum(bytes * bytes) / any_value(n) - pow(sum(bytes) / any_value(n), 2), 0)) AS sd
    FROM (
        SELECT f.accountid, f.src_endpoint.ip AS src, lh_hour(f.time_dt) AS hour, sum(f.traffic.bytes) AS bytes
        FROM egress f
        SEMI JOIN heavy_sources h ON h.accountid = f.accountid AND h.src = f.src_endpoint.ip
        WHERE f.time_dt < lh_hour_start(lh_hour($window_start) + 1) AND lh_hour(f.time_dt) * 3600000000 < epoch_us($window_start)
        GROUP BY ALL
    ), baseline_hours
    GROUP BY accountid, src
),
outliers AS (
    SELECT h.accountid, h.src, h.hour, b.mean
    FROM window_hours h
    JOIN history b USING (accountid, src)
    WHERE h.bytes >= $min_bytes
      AND h.bytes > b.mean + $sigmas * b.sd
),
-- An hour at or after the window's start holds flows of the window only.
described AS (
    SELECT f.accountid, o.src, o.hour, any_value(o.mean) AS mean, sum(f.traffic.bytes) AS bytes,
           min(f.time_dt) AS first_time, max(coalesce(f.end_time_dt, f.time_dt)) AS last_time, min(f.region) AS region,
           lh_earliest(lh_flow_actor(f.src_endpoint), f.time_dt) AS actor, count(*) AS flow_count,
           lh_evidence(lh_flow_uid(f.metadata, f.src_endpoint, f.dst_endpoint, f.connection_info, f.time), f.time_dt) AS uids
    FROM egress f
    JOIN outliers o ON o.accountid = f.accountid AND o.src = f.src_endpoint.ip AND o.hour = lh_hour(f.time_dt)
    WHERE f.time_dt >= $window_start
    GROUP BY f.accountid, o.src, o.hour
)
SELECT
    first_time,
    last_time,
    accountid AS account,
    region,
    actor,
    src AS src_ip,
    concat(CAST(round(bytes / 1048576.0, 1) AS VARCHAR), ' MiB to the internet in the hour from ', strftime(make_timestamp(hour * 3600000000), '%Y-%m-%dT%H:00Z'),
           ' (baseline mean ', CAST(round(mean / 1048576.0, 2) AS VARCHAR), ' MiB per hour)') AS summary,
    flow_count AS event_count,
    uids AS evidence_uids,
    flow_count AS evidence_total
FROM described
ORDER BY first_time
