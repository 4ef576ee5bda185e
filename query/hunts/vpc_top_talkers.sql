-- id: vpc_top_talkers
-- title: Top talkers by bytes
-- description: The $top source and destination pairs that moved the most bytes in
--   accepted flows during the window (top talkers of the Tailpipe and Sumo Logic VPC
--   dashboards). A ranking to eyeball: a database or build host at the top is the
--   finding.
-- severity: info
-- tactics: TA0010
-- techniques: T1048
-- source: vpcflow
-- logic: ranking
-- covers: vpc_top_talkers
-- tags: vpc, ranking, network
-- param: top:int=10 | How many pairs to list.
WITH top_pairs AS (
    -- ORDER BY ... LIMIT keeps a heap of $top pairs, where ranking every
    -- pair with row_number() sorted all 23 million pairs of the medium bench
    -- (56 s against 30 s alone with 'hunt run'; the same findings).
    SELECT *, row_number() OVER (ORDER BY bytes DESC, src, dst, accountid) AS rank
    FROM (
        SELECT accountid, src_endpoint.ip AS src, dst_endpoint.ip AS dst, sum(traffic.bytes) AS bytes
        FROM vpcflow
        WHERE time_dt >= $window_start AND time_dt < $window_end
          AND action = 'Allowed' AND traffic.bytes IS NOT NULL
        GROUP BY accountid, src_endpoint.ip, dst_endpoint.ip
        ORDER BY bytes DESC, src, dst, accountid
        LIMIT $top
    )
),
-- Pairs are ranked on their byte sums alone, and everything else is
-- gathered for the top pairs only: keeping times, names and twenty flow ids
-- for every pair ran out of 6 GB at 50 million flows.
talks AS (
    SELECT t.rank, min(f.region) AS region,
           any_value(lh_flow_actor(f.src_endpoint)) AS actor,
           min(f.time_dt) AS first_time, max(coalesce(f.end_time_dt, f.time_dt)) AS last_time,
           sum(f.traffic.packets) AS packets, count(*) AS flow_count,
           lh_evidence(lh_flow_uid(f.metadata, f.src_endpoint, f.dst_endpoint, f.connection_info, f.time), f.time_dt) AS uids
    FROM vpcflow f
    JOIN top_pairs t ON f.accountid = t.accountid AND f.src_endpoint.ip IS NOT DISTINCT FROM t.src AND f.dst_endpoint.ip IS NOT DISTINCT FROM t.dst
    WHERE f.time_dt >= $window_start AND f.time_dt < $window_end
      AND f.action = 'Allowed' AND f.traffic.bytes IS NOT NULL
    GROUP BY t.rank
)
SELECT
    k.first_time,
    k.last_time,
    t.accountid AS account,
    k.region,
    k.actor,
    t.src AS src_ip,
    concat('#', CAST(t.rank AS VARCHAR), ': ', t.src, ' -> ', t.dst, ' ', CAST(round(t.bytes / 1048576.0, 1) AS VARCHAR), ' MiB, ',
           CAST(k.packets AS VARCHAR), ' packets') AS summary,
    k.flow_count AS event_count,
    k.uids AS evidence_uids,
    k.flow_count AS evidence_total
FROM top_pairs t
JOIN talks k ON k.rank = t.rank
ORDER BY t.rank
