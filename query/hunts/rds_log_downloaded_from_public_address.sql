-- id: rds_log_downloaded_from_public_address
-- title: RDS log file downloaded from a public address
-- description: DownloadDBLogFilePortion or DownloadCompleteDBLogFile called from an
--   address outside private ranges. Database logs (audit, slow-query, error) hold
--   queries, user names and sometimes the data itself; a DBA reads them from inside
--   the network or through the console, so a download to the internet is a lead.
--   Calls that AWS services make (no IP address) are left out.
-- severity: low
-- tactics: TA0010, TA0009
-- techniques: T1530
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: rds, logs, exfiltration
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'rds.amazonaws.com')
    WHERE api.operation IN ('DownloadDBLogFilePortion', 'DownloadCompleteDBLogFile')
      AND src_endpoint.ip IS NOT NULL AND NOT lh_private_ip(src_endpoint.ip)
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('log ', coalesce(json_extract_string(api.request.data, '$.logFileName'), '?'), ' of ', coalesce(json_extract_string(api.request.data, '$.dBInstanceIdentifier'), '?'), ' downloaded to ', src_endpoint.ip))
