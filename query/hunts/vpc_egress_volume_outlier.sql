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
WITH egress AS (
    SELECT *, lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time) AS flow_uid
    FROM vpcflow
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.bytes IS NOT NULL
      AND lh_private_ip(src_endpoint.ip) AND (dst_endpoint.ip IS NOT NULL AND NOT lh_private_ip(dst_endpoint.ip))
),
hourly AS (
    SELECT accountid, src_endpoint.ip AS src, date_trunc('hour', time_dt) AS hour, sum(traffic.bytes) AS bytes,
           min(time_dt) AS first_time, max(coalesce(end_time_dt, time_dt)) AS last_time, min(region) AS region,
           any_value(lh_flow_actor(src_endpoint)) AS actor, count(*) AS flow_count, lh_evidence(flow_uid, time_dt) AS uids
    FROM egress
    GROUP BY ALL
),
baseline_hours AS (
    SELECT (epoch($window_start) - epoch($baseline_start)) / 3600 AS n
),
history AS (
    SELECT accountid, src,
           sum(bytes) / any_value(n) AS mean,
           sqrt(greatest(sum(bytes * bytes) / any_value(n) - pow(sum(bytes) / any_value(n), 2), 0)) AS sd
    FROM hourly, baseline_hours
    WHERE hour < $window_start
    GROUP BY accountid, src
)
SELECT
    h.first_time,
    h.last_time,
    h.accountid AS account,
    h.region,
    h.actor,
    h.src AS src_ip,
    concat(CAST(round(h.bytes / 1048576.0, 1) AS VARCHAR), ' MiB to the internet in the hour from ', strftime(h.hour, '%Y-%m-%dT%H:00Z'),
           ' (baseline mean ', CAST(round(b.mean / 1048576.0, 2) AS VARCHAR), ' MiB per hour)') AS summary,
    h.flow_count AS event_count,
    h.uids AS evidence_uids,
    h.flow_count AS evidence_total
FROM hourly h
JOIN history b USING (accountid, src)
WHERE h.hour >= $window_start
  AND h.bytes >= $min_bytes
  AND h.bytes > b.mean + $sigmas * b.sd
ORDER BY first_time
