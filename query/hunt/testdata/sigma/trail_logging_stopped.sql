-- id: sigma_trail_logging_stopped
-- title: Trail logging stopped or trail deleted
-- description: Written by the lakehunt team to test Sigma import: a CloudTrail trail stops recording or disappears. Converted from the Sigma rule trail_logging_stopped.yml (5a0c1e0e-3b7a-4d8e-9a55-2f5c7b9e1a01).
-- severity: high
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: trail_logging_stopped
-- tags: sigma, imported
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND (((lower(api.operation) = lower('StopLogging') OR lower(api.operation) = lower('DeleteTrail')) AND (lower(api.service.name) = lower('cloudtrail.amazonaws.com'))))
)
FROM lh_object_findings('r1', concat('Trail logging stopped or trail deleted', ': ', api.operation))
