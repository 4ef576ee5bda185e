-- id: ec2_traffic_mirroring_changed
-- title: VPC traffic mirroring set up or changed
-- description: CreateTrafficMirrorTarget, -Filter, -FilterRule, -Session and their
--   Modify and Delete calls (Panther "EC2 traffic mirroring"): a mirror session copies
--   every packet of a network interface to a target the caller chooses, network sniffing
--   without touching the instance. Failed calls count too, since an attempt to mirror
--   traffic shows intent as clearly as a success. Added for the Panther conformance
--   cases, which the pack missed entirely.
-- severity: medium
-- tactics: TA0006, TA0007
-- techniques: T1040
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: ec2, network, collection
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND regexp_matches(api.operation, '^(Create|Modify|Delete)TrafficMirror(Target|Filter|FilterRule|Session|FilterNetworkServices|FilterRuleNetworkServices)$')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, CASE WHEN api.response.error IS NOT NULL THEN concat(' (failed: ', api.response.error, ')') ELSE '' END))
