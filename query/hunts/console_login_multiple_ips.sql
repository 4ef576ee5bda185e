-- id: console_login_multiple_ips
-- title: Console logins of one user from several IPs
-- description: A user logged in to the console successfully from at least $min_ips
--   distinct source IPs within the window (Sumo Logic "logins from multiple IP"):
--   shared or stolen credentials, or a VPN hopping user.
-- severity: medium
-- tactics: TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: threshold
-- covers: sumo_logins_from_multiple_ip, sumo_geo_location_all_users, sumo_login_events_by_user
-- tags: console, logins, sumo
-- param: min_ips:int=2 | Distinct source IPs that make a finding.
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    lh_actor(actor) AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat(CAST(count(DISTINCT src_endpoint.ip) AS VARCHAR), ' source IPs for one user: ',
           array_to_string(list_slice(list(DISTINCT src_endpoint.ip ORDER BY src_endpoint.ip), 1, 10), ', ')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND api.operation = 'ConsoleLogin'
  AND status = 'Success'
GROUP BY accountid, actor
HAVING count(DISTINCT src_endpoint.ip) >= $min_ips
ORDER BY first_time
