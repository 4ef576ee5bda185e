-- id: ec2_launched_with_userdata_no_keypair
-- title: Instance launched with user data and no key pair
-- description: RunInstances with user data but without a key pair, from outside AWS
--   (Sentinel "EC2 instance launched without key pair"): a box meant to be driven by
--   its boot script alone, typical of cryptomining and C2 implants. It is also how
--   fleets managed through SSM Session Manager launch, so the signal alone is weak: the
--   hunt is low (an incident raises it when the launch joins other steps), and only a
--   principal's first such launch is reported, one that did not launch any in the
--   $baseline before the window (first-seen per principal; was medium and every launch,
--   114 medium incidents in a generated week). Principals in $launchers are ignored.
-- severity: low
-- tactics: TA0002, TA0040
-- techniques: T1578.002, T1496
-- source: cloudtrail
-- logic: first-seen
-- covers: aws_ec2_without_keypair_userdata
-- tags: ec2, execution
-- baseline: 14d
-- param: launchers:strings= | Principals (user or session ARNs, or the roles they were issued by) that launch instances this way by design, ignored.
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH launches AS (
    SELECT *, coalesce(actor.user.uid, actor.session.issuer, actor.user.name) AS launcher
    FROM cloudtrail
    WHERE time_dt >= $baseline_start AND time_dt < $window_end
      AND api.service.name = 'ec2.amazonaws.com'
      AND api.operation = 'RunInstances'
      AND json_extract_string(api.request.data, '$.keyName') IS NULL
      AND len(list_filter(json_extract_string(api.request.data, '$.instancesSet.items[*].keyName'), k -> k IS NOT NULL)) = 0
      AND contains(api.request.data, '"userData"')
      AND src_endpoint.ip IS NOT NULL
      AND api.response.error IS NULL
),
matched AS (
    SELECT * FROM launches l
    WHERE time_dt >= $window_start
      AND NOT list_contains($launchers, launcher) AND NOT list_contains($launchers, coalesce(actor.session.issuer, ''))
      AND NOT EXISTS (SELECT 1 FROM launches b WHERE b.time_dt < $window_start AND b.accountid = l.accountid AND b.launcher IS NOT DISTINCT FROM l.launcher)
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('RunInstances ', coalesce(json_extract_string(api.request.data, '$.instanceType'), ''), ' with user data and no key pair'))
