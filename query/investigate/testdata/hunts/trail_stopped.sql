-- id: trail_stopped
-- title: Trail stopped (investigate test hunt)
-- description: StopLogging calls, one finding per caller; evidence is the
--   calls' event ids.
-- severity: critical
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: investigate_test
WITH stopped AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.operation = 'StopLogging'
)
SELECT * FROM lh_object_findings('stopped', 'StopLogging')
