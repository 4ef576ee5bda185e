-- id: access_analyzer_or_inspector_disabled
-- title: IAM Access Analyzer or Inspector disabled
-- description: DeleteAnalyzer removes IAM Access Analyzer (which reports resources
--   shared outside the account); Inspector2 Disable stops vulnerability scanning.
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: ar_guardduty_disabled
-- tags: detective-controls, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name = 'access-analyzer.amazonaws.com' AND api.operation IN ('DeleteAnalyzer', 'CreateArchiveRule'))
         OR (api.service.name = 'inspector2.amazonaws.com' AND api.operation IN ('Disable', 'DisableDelegatedAdminAccount')))
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.service.name, ' ', api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.analyzerName'), '')))
