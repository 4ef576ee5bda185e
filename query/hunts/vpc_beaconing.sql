-- id: vpc_beaconing
-- title: Periodic connections: possible beaconing
-- description: A source opened at least $min_connections connections (distinct source
--   ports) to one public destination and port, in at least $min_intervals distinct
--   start times whose spacing varies by less than $max_interval_cv (coefficient of
--   variation) and whose byte counts vary by less than $max_bytes_cv: the regular
--   heartbeat of an implant calling home.
-- severity: medium
-- tactics: TA0011
-- techniques: T1071, T1573
-- source: vpcflow
-- logic: threshold
-- covers: vpc_beaconing
-- tags: vpc, c2, network
-- param: min_connections:int=10 | Distinct connections needed.
-- param: min_intervals:int=5 | Distinct start times needed.
-- param: max_interval_cv:float=0.2 | Largest coefficient of variation of the spacing between starts.
-- param: max_bytes_cv:float=0.25 | Largest coefficient of variation of the bytes per flow.
WITH accepted AS NOT MATERIALIZED (
    -- Read where it is used, each time for the columns that use needs, and
    -- only pairs with flows enough for a beacon get their starts ordered:
    -- as one shared CTE with every column and a uid for each flow, the
    -- medium bench's 50 million flows took 122 s and 6.5 GB ('hunt run'),
    -- now 35 s and 2 GB for the same finding.
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND dst_endpoint.ip IS NOT NULL AND dst_endpoint.port IS NOT NULL
),
flows AS NOT MATERIALIZED (
    SELECT * FROM accepted WHERE NOT lh_private_ip(dst_endpoint.ip)
),
busy AS (
    -- A beacon has at least $min_connections flows, and $min_intervals + 1
    -- of them start apart. The count groups by a hash of the pair and port,
    -- not by their text, as vpc_port_scan_vertical does: a collision can
    -- only merge two groups and raise their count, and the findings' own
    -- conditions (distinct connections and intervals) imply this count for
    -- every real group.
    SELECT hash(accountid, src_endpoint.ip, dst_endpoint.ip, dst_endpoint.port) AS conversation
    FROM flows
    GROUP BY ALL
    HAVING count(*) >= greatest($min_connections, $min_intervals + 1)
),
starts AS (
    -- One row per distinct start time: connections that start together
    -- are one beat, and the rhythm is the spacing between beats. The flows
    -- of the busy conversations are read from accepted, without asking
    -- each flow's destination whether it is private: only a hash collision lets
    -- a private destination in, and rhythm drops its pair, asking once per
    -- pair, in HAVING, where DuckDB cannot push the test back into the
    -- scan. Asked of each of the 44M accepted flows instead, the hunt took
    -- 10.0-10.1 s alone over the medium bench's month, 9.2-9.6 s this way
    -- ('hunt run', 2-core AMD EPYC), the same finding.
    SELECT accountid, src, dst, port, time_dt AS start,
           epoch(time_dt) - epoch(lag(time_dt) OVER (PARTITION BY accountid, src, dst, port ORDER BY time_dt)) AS gap
    FROM (
        SELECT DISTINCT f.accountid, f.src_endpoint.ip AS src, f.dst_endpoint.ip AS dst, f.dst_endpoint.port AS port, f.time_dt
        FROM accepted f
        SEMI JOIN busy b ON hash(f.accountid, f.src_endpoint.ip, f.dst_endpoint.ip, f.dst_endpoint.port) = b.conversation
    )
),
rhythm AS (
    -- The first start has no gap: the aggregates of gap leave it out, and
    -- a pair with no gap at all has no rhythm. A beacon's destination is
    -- public (see starts).
    SELECT accountid AS beat_account, src AS beat_src, dst AS beat_dst, port AS beat_port,
           count(gap) AS intervals, avg(gap) AS mean_gap, stddev_pop(gap) / nullif(avg(gap), 0) AS gap_cv,
           min(start) AS first_start, max(start) AS last_start
    FROM starts
    GROUP BY ALL
    HAVING count(gap) > 0 AND NOT lh_private_ip(any_value(dst))
),
beating AS (
    SELECT * FROM rhythm WHERE intervals >= $min_intervals AND gap_cv <= $max_interval_cv
)
SELECT
    min(time_dt) AS first_time,
    max(coalesce(end_time_dt, time_dt)) AS last_time,
    accountid AS account,
    min(region) AS region,
    lh_flow_actor(src_endpoint) AS actor,
    src_endpoint.ip AS src_ip,
    concat(src_endpoint.ip, ' -> ', dst_endpoint.ip, ':', CAST(dst_endpoint.port AS VARCHAR), ' every ', CAST(round(any_value(mean_gap)) AS VARCHAR), 's (', CAST(count(DISTINCT src_endpoint.port) AS VARCHAR), ' connections, spacing variation ', CAST(round(any_value(gap_cv), 3) AS VARCHAR), ')') AS summary,
    count(*) AS event_count,
    lh_evidence(lh_flow_uid(metadata, src_endpoint, dst_endpoint, connection_info, time), time_dt) AS evidence_uids,
    count(*) AS evidence_total
-- The beating pairs' flows are read from vpcflow itself, between the first
-- pair's first start and the last pair's last, without asking each flow's
-- destination whether it is private: a beating pair's destination is
-- public, and the join keeps the flows to it alone. Reading every accepted
-- flow to a public address (44M over the medium bench's month), each
-- tested by lh_private_ip, and joining them to the rhythms took the hunt
-- 15.0-15.3 s and 28 CPU-s; this way 9.2-9.5 s and 17 ('hunt run', 2-core
-- AMD EPYC of family 26).
FROM vpcflow
JOIN beating ON beat_account = accountid AND beat_src = src_endpoint.ip AND beat_dst = dst_endpoint.ip AND beat_port = dst_endpoint.port
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND action = 'Allowed' AND dst_endpoint.port IS NOT NULL
  AND time_dt >= (SELECT min(first_start) FROM beating) AND time_dt <= (SELECT max(last_start) FROM beating)
GROUP BY accountid, src_endpoint.ip, actor, dst_endpoint.ip, dst_endpoint.port
HAVING count(DISTINCT src_endpoint.port) >= $min_connections
   AND coalesce(stddev_pop(traffic.bytes) / nullif(avg(traffic.bytes), 0), 0) <= $max_bytes_cv
ORDER BY first_time
