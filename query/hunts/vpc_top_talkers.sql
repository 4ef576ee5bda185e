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
WITH allowed AS NOT MATERIALIZED (
    SELECT *
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND action = 'Allowed' AND traffic.bytes IS NOT NULL
),
-- Pairs are summed by a hash of their account and addresses, not by their
-- text: grouping 50 million flows into 23 million pairs by text is most of
-- the hunt (as vpc_port_scan_vertical found for its own grouping). A
-- collision merges two pairs and raises their sum, never lowers it, so the
-- ranking is made exact in two steps: the real pairs inside the $top
-- largest hashed sums (the leaders) set a bar (the $top-th largest of
-- their sums, no higher than the real $top-th sum), and every hashed sum at
-- or above the bar holds every pair that can rank; those pairs are summed
-- and ranked by their text. The leaders are described in the read that
-- sums them, and the flows are read a third time only for the other sums
-- at or above the bar (others), which only a collision makes: reading the
-- leaders' flows once to sum them and again to describe them took the
-- medium bench's month 10.3 s against 8.3 s this way ('hunt run', 2-core
-- AMD EPYC), the same findings: with no other sum to join, DuckDB stops
-- the third read at the first rows that reach the join (3,583 of the 44M).
-- A join that no row reaches stops nothing: filters between the scan and
-- the join must let rows through. Keeping the leaders' flows in a table to
-- describe them with the others' took 11.5-12.5 s.
pair_sums AS MATERIALIZED (
    SELECT hash(accountid, src_endpoint.ip, dst_endpoint.ip) AS pair, sum(traffic.bytes) AS bytes
    FROM allowed
    GROUP BY ALL
),
top_hashes AS (
    SELECT pair FROM pair_sums ORDER BY bytes DESC LIMIT $top
),
-- Everything else is gathered for the pairs that can rank only: keeping
-- times, names and twenty flow ids for every pair ran out of 6 GB at 50
-- million flows.
leaders AS MATERIALIZED (
    SELECT f.accountid, f.src_endpoint.ip AS src, f.dst_endpoint.ip AS dst, sum(f.traffic.bytes) AS bytes,
           min(f.region) AS region, lh_earliest(lh_flow_actor(f.src_endpoint), f.time_dt) AS actor,
           min(f.time_dt) AS first_time, max(coalesce(f.end_time_dt, f.time_dt)) AS last_time,
           sum(f.traffic.packets) AS packets, count(*) AS flow_count,
           lh_evidence(lh_flow_uid(f.metadata, f.src_endpoint, f.dst_endpoint, f.connection_info, f.time), f.time_dt) AS uids
    FROM allowed f
    SEMI JOIN top_hashes t ON hash(f.accountid, f.src_endpoint.ip, f.dst_endpoint.ip) = t.pair
    GROUP BY f.accountid, f.src_endpoint.ip, f.dst_endpoint.ip
),
bar AS (
    -- Fewer than $top real pairs among the leaders means fewer than $top
    -- hashed sums in all: every pair can rank.
    SELECT CASE WHEN count(*) >= $top THEN min(bytes) END AS bytes
    FROM (SELECT bytes FROM leaders ORDER BY bytes DESC LIMIT $top)
),
others AS (
    -- Described as the leaders are.
    SELECT f.accountid, f.src_endpoint.ip AS src, f.dst_endpoint.ip AS dst, sum(f.traffic.bytes) AS bytes,
           min(f.region) AS region, lh_earliest(lh_flow_actor(f.src_endpoint), f.time_dt) AS actor,
           min(f.time_dt) AS first_time, max(coalesce(f.end_time_dt, f.time_dt)) AS last_time,
           sum(f.traffic.packets) AS packets, count(*) AS flow_count,
           lh_evidence(lh_flow_uid(f.metadata, f.src_endpoint, f.dst_endpoint, f.connection_info, f.time), f.time_dt) AS uids
    FROM allowed f
    SEMI JOIN (SELECT pair FROM pair_sums, bar WHERE (bar.bytes IS NULL OR pair_sums.bytes >= bar.bytes)
               AND pair NOT IN (SELECT pair FROM top_hashes)) c
        ON hash(f.accountid, f.src_endpoint.ip, f.dst_endpoint.ip) = c.pair
    GROUP BY f.accountid, f.src_endpoint.ip, f.dst_endpoint.ip
),
talks AS (
    SELECT * FROM leaders
    UNION ALL
    SELECT * FROM others
),
top_pairs AS (
    SELECT *, row_number() OVER (ORDER BY bytes DESC, src, dst, accountid) AS rank
    FROM talks
    QUALIFY rank <= $top
)
SELECT
    first_time,
    last_time,
    accountid AS account,
    region,
    actor,
    src AS src_ip,
    concat('#', CAST(rank AS VARCHAR), ': ', src, ' -> ', dst, ' ', CAST(round(bytes / 1048576.0, 1) AS VARCHAR), ' MiB, ',
           CAST(packets AS VARCHAR), ' packets') AS summary,
    flow_count AS event_count,
    uids AS evidence_uids,
    flow_count AS evidence_total
FROM top_pairs
ORDER BY rank
