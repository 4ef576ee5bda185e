-- id: macie_findings_publishing_slowed
-- title: Macie findings publishing slowed
-- description: UpdateMacieSession set a findingPublishingFrequency longer than the
--   15-minute default, so updated sensitive-data findings reach EventBridge and Security
--   Hub up to six hours late: a quiet way to buy time while data is taken. Pausing the
--   session is macie_disabled's case.
-- severity: medium
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: macie, evasion
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name IN ('macie2.amazonaws.com', 'macie.amazonaws.com')
      AND api.operation = 'UpdateMacieSession'
      AND upper(json_extract_string(api.request.data, '$.findingPublishingFrequency')) IN ('ONE_HOUR', 'SIX_HOURS')
      AND api.response.error IS NULL
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('Macie findings published every ', lower(json_extract_string(api.request.data, '$.findingPublishingFrequency'))))
