-- id: sigma_root_console_login
-- title: Root console login
-- description: Written by the lakehunt team to test a rule with neither level nor tags. Converted from the Sigma rule root_console_login.yml.
-- severity: medium
-- tactics: -
-- techniques: -
-- source: cloudtrail
-- logic: filter
-- covers: root_console_login
-- tags: sigma, imported
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat('Root console login', ': ', api.operation) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND ((((lower(api.operation) = lower('ConsoleLogin')) AND (lower(actor.user.type) = lower('Root'))))
  AND (NOT coalesce(((lh_cidr_contains('192.0.2.0/24', coalesce(src_endpoint.ip, src_endpoint.domain)))), false)))
GROUP BY ALL
ORDER BY first_time
