-- id: rolesanywhere_trust_anchor_created
-- title: IAM Roles Anywhere trust anchor created or changed
-- description: CreateTrustAnchor or UpdateTrustAnchor in IAM Roles Anywhere: a certificate
--   authority is now trusted to hand out role credentials to any machine holding a
--   certificate it signed, with no access key to rotate or revoke. Whoever controls
--   that CA keeps access from outside AWS; the summary adds the profiles (and so the
--   roles) the same identity created or changed alongside.
-- severity: high
-- tactics: TA0003
-- techniques: T1098, T1556
-- source: cloudtrail
-- logic: filter
-- covers: stratus:aws.persistence.rolesanywhere-create-trust-anchor
-- tags: iam, rolesanywhere, persistence
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'rolesanywhere.amazonaws.com')
    WHERE api.operation IN ('CreateTrustAnchor', 'UpdateTrustAnchor', 'CreateProfile', 'UpdateProfile')
),
-- A stretch of profile changes alone trusts no new authority.
anchored AS (
    FROM lh_stretches('matched', lh_actor(actor), $gap)
    QUALIFY bool_or(api.operation IN ('CreateTrustAnchor', 'UpdateTrustAnchor')) OVER (PARTITION BY accountid, lh_actor(actor), stretch)
)
SELECT * FROM lh_stretch_findings('anchored',
    concat('trust anchor ',
           array_to_string(list_sort(list(DISTINCT concat(coalesce(json_extract_string(api.request.data, '$.name'), json_extract_string(api.request.data, '$.trustAnchorId'), '?'),
                                                          ' (', api.operation, coalesce(', ' || json_extract_string(api.request.data, '$.source.sourceType'), ''), ')'))
                                     FILTER (WHERE api.operation IN ('CreateTrustAnchor', 'UpdateTrustAnchor'))), ', '),
           CASE WHEN count(*) FILTER (WHERE api.operation IN ('CreateProfile', 'UpdateProfile')) > 0
                THEN concat('; profiles ', array_to_string(list_sort(list(DISTINCT concat(coalesce(json_extract_string(api.request.data, '$.name'), json_extract_string(api.request.data, '$.profileId'), '?'),
                                                                                          coalesce(' for ' || nullif(array_to_string(json_extract_string(api.request.data, '$.roleArns[*]'), ' '), ''), '')))
                                                                     FILTER (WHERE api.operation IN ('CreateProfile', 'UpdateProfile'))), ', '))
                ELSE '' END,
           lh_spread(src_endpoint.ip, region, ' | ')))
