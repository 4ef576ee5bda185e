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
current AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
)
SELECT
    min(c.time_dt) AS first_time,
    max(c.time_dt) AS last_time,
    c.accountid AS account,
    lh_earliest(c.region, c.time_dt) AS region,
    lh_actor(c.actor) AS actor,
    lh_earliest(c.src_endpoint.ip, c.time_dt) AS src_ip,
    concat('first activity in ', array_to_string(list(DISTINCT c.region ORDER BY c.region), ', '), ': ', CAST(count(*) AS VARCHAR), ' call(s) (',
           lh_top(c.api.operation, 10), ')',
           lh_spread(c.src_endpoint.ip, NULL, ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(c.metadata.uid, c.time_dt) AS evidence_uids,
    count(c.metadata.uid) AS evidence_total
FROM current c
WHERE c.accountid IN (SELECT accountid FROM baseline)
  AND NOT EXISTS (SELECT 1 FROM baseline b WHERE b.accountid = c.accountid AND b.region = c.region)
  AND c.region <> 'unknown'
GROUP BY c.accountid, actor
ORDER BY first_time
