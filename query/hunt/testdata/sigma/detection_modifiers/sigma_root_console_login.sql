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
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((((lower(api.operation) = lower('ConsoleLogin')) AND (lower(actor.user.type) = lower('Root'))))
  AND (NOT coalesce(((lh_cidr_contains('192.0.2.0/24', coalesce(src_endpoint.ip, src_endpoint.domain)))), false)))
)
FROM lh_object_findings('r1', concat('Root console login', ': ', api.operation))
