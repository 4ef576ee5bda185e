-- id: console_login_from_new_country
-- title: Console login from a country the account does not use
-- description: A successful console login from a country where none of the account's
--   console logins came from in the $baseline before the window (the Sumo Logic
--   CloudTrail app's "logins from outside the USA", with the organisation's own countries
--   in place of the USA). Countries come from the table built into lakehunt (lh_country).
--   Accounts with no located baseline login are skipped, since they have no countries yet,
--   and so are addresses no registry places (private and documentation ranges, AWS
--   service names). One finding per account, actor and new country.
-- severity: medium
-- tactics: TA0001
-- techniques: T1078.004
-- source: cloudtrail
-- logic: first-seen
-- covers: sumo_logins_outside_usa
-- tags: console, logins, geo, baseline, sumo
-- baseline: 30d
WITH login_calls AS (
    SELECT *, lh_country(src_endpoint.ip) AS country
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
    SELECT DISTINCT accountid, country
    FROM logins
    WHERE time_dt < $window_start AND country IS NOT NULL
),
located AS (
    SELECT DISTINCT accountid FROM known
)
SELECT
    min(l.time_dt) AS first_time,
    max(l.time_dt) AS last_time,
    l.accountid AS account,
    lh_earliest(l.region, l.time_dt) AS region,
    lh_actor(l.actor) AS actor,
    lh_earliest(l.src_endpoint.ip, l.time_dt) AS src_ip,
    concat('console login from ', l.country, ', new to the account (its logins came from ',
           (SELECT array_to_string(list(k.country ORDER BY k.country), ', ') FROM known k WHERE k.accountid = l.accountid), ')',
           CASE WHEN count(DISTINCT l.src_endpoint.ip) > 1
                THEN concat(' | from ', CAST(count(DISTINCT l.src_endpoint.ip) AS VARCHAR), ' addresses') ELSE '' END) AS summary,
    count(*) AS event_count,
    lh_evidence(l.metadata.uid, l.time_dt) AS evidence_uids,
    count(l.metadata.uid) AS evidence_total
FROM logins l
JOIN located a ON a.accountid = l.accountid
LEFT JOIN known k ON k.accountid = l.accountid AND k.country = l.country
WHERE l.time_dt >= $window_start
  AND l.country IS NOT NULL
  AND k.accountid IS NULL
GROUP BY l.accountid, lh_actor(l.actor), l.country
ORDER BY first_time
