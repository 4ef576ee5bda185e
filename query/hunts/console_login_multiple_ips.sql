-- id: console_login_multiple_ips
-- title: Console logins of one user from several IPs, some new
-- description: A user logged in to the console successfully from at least $min_ips
--   distinct source IPs within the window (Sumo Logic "logins from multiple IP"), at
--   least one of which the user's console logins never came from in the $baseline
--   before it: shared or stolen credentials, or a VPN hopping user. People log in from
--   the office, home and a phone every day; counting only addresses alone made a
--   finding for most users on most days of a generated month. An address counts as
--   known when the user logged in from it in the baseline, or when at least
--   $shared_users users of the account did (the office's or the VPN's egress). Users
--   with no console login in the baseline are left out (every address would be new).
-- severity: medium
-- tactics: TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: first-seen
-- covers: sumo_logins_from_multiple_ip, sumo_geo_location_all_users, sumo_login_events_by_user
-- tags: console, logins, sumo, baseline
-- baseline: 14d
-- param: min_ips:int=2 | Distinct source IPs that make a finding.
-- param: shared_users:int=3 | Users of one account logging in from an address in the baseline that make it the organisation's, known for all of them.
WITH login_calls AS (
    SELECT *, lh_actor(actor) AS who
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.operation = 'ConsoleLogin'
      AND status = 'Success'
      AND src_endpoint.ip IS NOT NULL
),
-- Read more than once below: lh_finding_rows keeps it to the fields it needs.
logins AS (
    FROM lh_finding_rows('login_calls')
),
known AS (
    SELECT DISTINCT accountid, who, src_endpoint.ip AS ip
    FROM logins
    WHERE time_dt < $window_start
),
shared AS (
    SELECT accountid, ip
    FROM known
    GROUP BY accountid, ip
    HAVING count(*) >= $shared_users
),
recent AS (
    SELECT l.*,
           NOT EXISTS (SELECT 1 FROM known k WHERE k.accountid = l.accountid AND k.who = l.who AND k.ip = l.src_endpoint.ip)
           AND NOT EXISTS (SELECT 1 FROM shared s WHERE s.accountid = l.accountid AND s.ip = l.src_endpoint.ip) AS is_new
    FROM logins l
    WHERE l.time_dt >= $window_start
      AND EXISTS (SELECT 1 FROM known b WHERE b.accountid = l.accountid AND b.who = l.who)
)
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    who AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat(CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' source IPs for one user: ',
           array_to_string(list_slice(list(DISTINCT src_endpoint.ip ORDER BY src_endpoint.ip), 1, 10), ', '),
           '; new against the baseline: ',
           array_to_string(list_slice(list(DISTINCT src_endpoint.ip ORDER BY src_endpoint.ip) FILTER (WHERE is_new), 1, 10), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM recent
GROUP BY accountid, who
HAVING count(DISTINCT src_endpoint.ip) >= $min_ips AND bool_or(is_new)
ORDER BY first_time
