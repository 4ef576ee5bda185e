-- id: api_calls_from_known_bad_ips
-- title: API calls from listed bad IPs
-- description: CloudTrail calls (successful or not) whose source IP is in $bad_ips: Tor
--   exit nodes, threat-intelligence indicators or addresses from an incident (Sentinel
--   "successful API executed from a Tor exit node", Panther malicious IP rules). The
--   list is empty by default: pass it with --param bad_ips=a,b,c.
-- severity: high
-- tactics: TA0001, TA0011
-- techniques: T1078.004, T1090.003
-- source: cloudtrail
-- logic: filter
-- covers: ar_api_from_tor, panther_std_malicious_ip
-- tags: threat-intel, ip
-- param: bad_ips:strings= | Source IPs to flag (comma-separated).
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    coalesce(actor.user.uid, actor.user.name, actor.invoked_by, actor.user.account.uid) AS actor,
    src_endpoint.ip AS src_ip,
    concat(CAST(count(*) AS VARCHAR), ' call(s) from listed IP ', src_endpoint.ip, ' (', CAST(count(*) FILTER (WHERE api.response.error IS NULL) AS VARCHAR),
           ' succeeded): ', array_to_string(list_slice(list(DISTINCT api.operation ORDER BY api.operation), 1, 10), ', ')) AS summary,
    count(*) AS event_count,
    lh_earliest(metadata.uid, time_dt, 20) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND list_contains($bad_ips, src_endpoint.ip)
GROUP BY accountid, actor, src_endpoint.ip
ORDER BY first_time
