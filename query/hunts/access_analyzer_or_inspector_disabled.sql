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
SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(api.service.name, ' ', api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.analyzerName'), '')) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND ((api.service.name = 'access-analyzer.amazonaws.com' AND api.operation IN ('DeleteAnalyzer', 'CreateArchiveRule'))
     OR (api.service.name = 'inspector2.amazonaws.com' AND api.operation IN ('Disable', 'DisableDelegatedAdminAccount')))
  AND api.response.error IS NULL
GROUP BY ALL
ORDER BY first_time
