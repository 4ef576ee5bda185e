-- id: s3_note_written_across_buckets
-- title: One note-like object written to many S3 buckets
-- description: One identity wrote objects of the same name, a note's (README, RECOVER,
--   DECRYPT, RESTORE, RANSOM, ...: $note_pattern over the key's last segment,
--   case-insensitive), to at least $min_buckets buckets within any $span, by PutObject,
--   CopyObject or a multipart upload: an extortion crew leaves its note in every bucket it
--   emptied or encrypted, whatever the note is called (s3_ransom_note_uploaded knows the
--   well-known names one object at a time). Deployments write a README into the buckets
--   they create too, which the threshold of buckets within a span keeps to the bursts.
-- severity: high
-- tactics: TA0040
-- techniques: T1486, T1485
-- source: cloudtrail
-- logic: threshold
-- covers: -
-- tags: s3, ransomware, impact, data-events
-- param: note_pattern:string=read[_\-. ]?me|recover|decrypt|restore|ransom|encrypted|unlock|how[_\-. ]?to|instructions|attention|warning|!!! | Regular expression matching note-like object names (the key's last segment).
-- param: min_buckets:int=3 | Buckets the same name is written to that make a finding.
-- param: span:duration=1h | Length of the sliding span counted in.
-- param: gap:duration=1h | A pause longer than this (and than the span) between the actor's writes of that name starts a new finding.
WITH notes AS (
    SELECT *,
           json_extract_string(api.request.data, '$.bucketName') AS bucket,
           regexp_extract(json_extract_string(api.request.data, '$.key'), '[^/]*$') AS note,
           concat(lh_actor(actor), ' ', lower(regexp_extract(json_extract_string(api.request.data, '$.key'), '[^/]*$'))) AS writer_note
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 's3.amazonaws.com'
      AND api.operation IN ('PutObject', 'CopyObject', 'CompleteMultipartUpload')
      AND api.response.error IS NULL
      AND regexp_matches(lower(regexp_extract(json_extract_string(api.request.data, '$.key'), '[^/]*$')), $note_pattern)
),
counted AS (
    SELECT *,
           count(DISTINCT bucket) OVER (PARTITION BY accountid, writer_note ORDER BY time_dt RANGE BETWEEN $span PRECEDING AND CURRENT ROW) AS buckets_in_span
    FROM notes
),
bursts AS (
    FROM lh_bursts('counted', writer_note, buckets_in_span >= $min_buckets, $span, $gap)
)
-- One finding per actor, note name and stretch: the name is what ties
-- the writes together.
SELECT * FROM lh_actor_findings('bursts', (writer_note, stretch),
    concat('note ', lh_earliest(note, time_dt), ' written to ', CAST(count(DISTINCT bucket) AS VARCHAR), ' buckets: ',
           array_to_string(list_slice(list(DISTINCT bucket ORDER BY bucket), 1, 8), ', '),
           CASE WHEN count(DISTINCT bucket) > 8 THEN concat(' and ', CAST(count(DISTINCT bucket) - 8 AS VARCHAR), ' more') ELSE '' END,
           ' (', CAST(count(*) AS VARCHAR), ' writes, peak ', CAST(max(buckets_in_span) AS VARCHAR), ' buckets within ', CAST($span AS VARCHAR), ')',
           lh_spread(src_endpoint.ip, region, ', ')))
