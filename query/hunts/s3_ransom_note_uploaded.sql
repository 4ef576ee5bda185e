-- id: s3_ransom_note_uploaded
-- title: Ransom note written to S3
-- description: PutObject, CopyObject or a multipart upload of an object whose name is a
--   ransom note's (HOW_TO_DECRYPT, README_FOR_DECRYPT, RESTORE_FILES, YOUR_FILES_ARE_ENCRYPTED,
--   ...; Panther "S3 ransomware note upload"): extortion crews leave the note beside the
--   data they encrypted or deleted. The names are $note_pattern, a regular expression
--   over the key's last segment, case-insensitive.
-- severity: high
-- tactics: TA0040
-- techniques: T1486
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: s3, ransomware, impact
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
-- param: note_pattern:string=(how|instructions?)[_\-. ]?to[_\-. ]?(decrypt|restore|recover)|readme[_\-. ]?(for|to)[_\-. ]?decrypt|decrypt[_\-. ]?(instructions|files)|restore[_\-. ]?(my[_\-. ]?)?files|your[_\-. ]?files[_\-. ]?(are|have[_\-. ]?been)[_\-. ]?encrypted|ransom[_\-. ]?note | Regular expression matching ransom-note object names.
WITH matched AS (
    SELECT *, regexp_extract(json_extract_string(api.request.data, '$.key'), '[^/]*$') AS note
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation IN ('PutObject', 'CopyObject', 'CreateMultipartUpload', 'CompleteMultipartUpload')
      AND api.response.error IS NULL
      AND regexp_matches(lower(regexp_extract(json_extract_string(api.request.data, '$.key'), '[^/]*$')), $note_pattern)
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('ransom note ', note, ' written to bucket ', json_extract_string(api.request.data, '$.bucketName')))
