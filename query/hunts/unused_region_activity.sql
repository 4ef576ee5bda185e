-- id: unused_region_activity
-- title: Activity in a region the account did not use before
-- description: Calls in the window from a region where the account made no call in the
--   $baseline before it (Sentinel "unused or unsupported cloud regions"): attackers
--   mine or hide resources in regions nobody watches. Accounts with no activity at all
--   in the baseline are skipped, since every region would be new to them. Global
--   services logged in us-east-1 count as us-east-1. One finding per actor, listing
--   every new region (region and src_ip are the first call's).
-- severity: medium
-- tactics: TA0005
-- techniques: T1535
-- source: cloudtrail
-- logic: first-seen
-- covers: unused_unsupported_cloud_regions, sumo_events_by_region
-- tags: regions, sentinel, baseline
-- baseline: 14d
WITH baseline AS (
    SELECT DISTINCT accountid, region
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_start
),
unseen AS (
    SELECT c.*
    FROM cloudtrail c
    SEMI JOIN (SELECT DISTINCT accountid FROM baseline) AS a ON a.accountid = c.accountid
    ANTI JOIN baseline b ON b.accountid = c.accountid AND b.region = c.region
    WHERE c.time_dt >= $window_start AND c.time_dt < $window_end
      AND c.region <> 'unknown'
)
SELECT * FROM lh_actor_findings('unseen', [],
    concat('first activity in ', array_to_string(list(DISTINCT region ORDER BY region), ', '), ': ', CAST(count(*) AS VARCHAR), ' call(s) (',
           lh_top(api.operation, 10), ')',
           lh_spread(src_endpoint.ip, NULL, ', ')))
