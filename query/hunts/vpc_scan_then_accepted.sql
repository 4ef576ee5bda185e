-- id: vpc_scan_then_accepted
-- title: Scanner later gets a connection through
-- description: A source that had flows rejected on at least $min_ports distinct ports
--   of a host then had a flow to that host accepted within $max_gap: the scan found an
--   open door and used it.
-- severity: high
-- tactics: TA0043, TA0001
-- techniques: T1046, T1190
-- source: vpcflow
-- logic: sequence
-- covers: vpc_port_scan_distinct_ports, vpc_rejected_traffic_top
-- tags: vpc, scan, network
-- param: min_ports:int=5 | Distinct rejected ports that make the first step a scan.
-- param: max_gap:duration=1h | Longest time after the scan for the accepted flow.
WITH scans AS (
    -- Both steps read vpcflow itself, and flow uids are built for the hits
    -- alone: a CTE of every flow with its uid, shared by both, was
    -- materialized, every column of the medium bench's 50 million flows
    -- (198 s against 22 s alone with 'hunt run'; the same findings).
    SELECT accountid, src_endpoint.ip AS src, dst_endpoint.ip AS dst, min(time_dt) AS scan_start, max(time_dt) AS scan_end,
           count(DISTINCT dst_endpoint.port) AS ports
    FROM vpcflow
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND src_endpoint.ip IS NOT NULL AND dst_endpoint.ip IS NOT NULL
      AND action = 'Denied'
    GROUP BY ALL
    HAVING count(DISTINCT dst_endpoint.port) >= $min_ports
),
hits AS (
    -- The flows of the scanned pairs are picked first by a join on the
    -- account and a hash of the pair, and only then joined on the pair
    -- itself: DuckDB 1.5.6 turns the account of a join into a filter of
    -- the scan (so it reads only the scanned accounts' files), but not
    -- when any key of the join is a field of a struct, as the addresses
    -- are. Over the medium bench's month (one scanned pair) the hunt took
    -- 6.6 s instead of 9.6 s (EXPLAIN ANALYZE, 'lakehunt query', 2-core
    -- AMD EPYC of family 26). A
    -- collision of the hash only lets a flow through to the exact join.
    -- The read is bounded by the first scan's start and the last scan's
    -- end and gap, which DuckDB also turns into a filter of the scan (its
    -- row groups' time statistics): 4.4 s instead of 6.6 s ('hunt run',
    -- the same machine).
    SELECT f.*, s.ports
    FROM (
        SELECT p.*
        FROM vpcflow p
        SEMI JOIN scans s ON s.accountid = p.accountid AND hash(s.src, s.dst) = hash(p.src_endpoint.ip, p.dst_endpoint.ip)
        WHERE p.time_dt >= $window_start AND p.time_dt < $window_end
          AND p.time_dt >= (SELECT min(scan_start) FROM scans)
          AND p.time_dt <= (SELECT max(scan_end) + $max_gap FROM scans)
    ) AS f
    JOIN scans s ON s.accountid = f.accountid AND s.src = f.src_endpoint.ip AND s.dst = f.dst_endpoint.ip
    WHERE f.time_dt >= $window_start AND f.time_dt < $window_end
      AND ((f.action = 'Denied' AND f.time_dt <= s.scan_end)
        OR (f.action = 'Allowed' AND f.time_dt >= s.scan_start AND f.time_dt <= s.scan_end + $max_gap))
)
-- Only pairs with an accepted flow after the scan; a finding is one pair,
-- so the findings' own grouping keeps them (a window over every column of
-- the hits did the same).
SELECT * FROM lh_flow_findings('hits', NULL,
    concat(src_endpoint.ip, ' scanned ', CAST(any_value(ports) AS VARCHAR), ' ports of ', dst_endpoint.ip, ', then connected to ', array_to_string(list_sort(list(DISTINCT CAST(dst_endpoint.port AS VARCHAR)) FILTER (WHERE action = 'Allowed')), ', ')),
    keep := bool_or(action = 'Allowed'))
