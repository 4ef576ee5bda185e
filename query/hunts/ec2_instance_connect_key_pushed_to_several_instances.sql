-- id: ec2_instance_connect_key_pushed_to_several_instances
-- title: One SSH key pushed to several instances through EC2 Instance Connect
-- description: One identity pushed the same SSH public key (SendSSHPublicKey) to at least
--   $min_instances distinct instances within one $span bucket. The console and the
--   EC2 Instance Connect CLI make a fresh key for every connection; a key of one's own
--   installed on instance after instance, valid for 60 seconds each time, is lateral
--   movement with SSH from a single keyboard.
-- severity: medium
-- tactics: TA0008
-- techniques: T1021.004, T1098.004
-- source: cloudtrail
-- logic: threshold
-- covers: stratus:aws.lateral-movement.ec2-instance-connect
-- tags: ec2, ssh, lateral-movement
-- param: min_instances:int=2 | Distinct instances given the same key that make a finding.
-- param: span:duration=1h | Length of the time buckets counted in.
WITH pushes AS (
    SELECT *, json_extract_string(api.request.data, '$.sSHPublicKey') AS ssh_key, json_extract_string(api.request.data, '$.instanceId') AS instance
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND api.service.name = 'ec2-instance-connect.amazonaws.com'
      AND api.operation = 'SendSSHPublicKey'
      AND api.response.error IS NULL
)
SELECT * FROM lh_group_findings('pushes', row(lh_actor(actor), ssh_key, time_bucket($span, time_dt)),
    concat('SSH key ', split_part(min(ssh_key), ' ', 1), ' ...', right(split_part(min(ssh_key), ' ', 2), 12), ' pushed to ',
           CAST(count(DISTINCT instance) AS VARCHAR), ' instances as ',
           array_to_string(list_sort(list(DISTINCT json_extract_string(api.request.data, '$.instanceOSUser'))), ', '), ': ',
           array_to_string(list_slice(list_sort(list(DISTINCT instance)), 1, 10), ', ')),
    keep := count(DISTINCT instance) >= $min_instances)
