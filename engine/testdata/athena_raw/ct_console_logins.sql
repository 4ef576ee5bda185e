-- Console sign-ins: outcome and MFA from the JSON text columns, time from
-- the ISO text of eventtime.
-- Written for lakehunt after the console sign-in checks of the AWS
-- Security Incident Response Guide and aws-samples/aws-incident-response-playbooks
-- (Athena over cloudtrail_logs).
SELECT useridentity.arn, sourceipaddress,
    json_extract_scalar(responseelements, '$.ConsoleLogin') AS outcome,
    json_extract_scalar(additionaleventdata, '$.MFAUsed') AS mfa_used,
    from_iso8601_timestamp(eventtime) AS signed_in
FROM cloudtrail_logs
WHERE eventname = 'ConsoleLogin' AND eventtime LIKE '%T%Z';

SELECT (r->>'$.userIdentity.arn'), (r->>'$.sourceIPAddress'), (r->>'$.responseElements.ConsoleLogin'),
    (r->>'$.additionalEventData.MFAUsed'), CAST(r->>'$.eventTime' AS TIMESTAMPTZ)
FROM raw_cloudtrail
WHERE (r->>'$.eventName') = 'ConsoleLogin' AND (r->>'$.eventTime') LIKE '%T%Z';
