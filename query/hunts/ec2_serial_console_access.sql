-- id: ec2_serial_console_access
-- title: EC2 serial console enabled or used
-- description: EnableSerialConsoleAccess (an account-wide switch, off by default) or
--   SendSerialConsoleSSHPublicKey (a key pushed to an instance's serial console). The
--   serial console reaches an instance's operating system with no network path, no
--   security group and no SSH daemon; it is meant for break-glass recovery, so its use
--   outside an incident is someone looking for a way in that the network does not
--   see.
-- severity: high
-- tactics: TA0008, TA0003
-- techniques: T1021, T1098.004
-- source: cloudtrail
-- logic: filter
-- covers: stratus:aws.lateral-movement.ec2-serial-console-send-ssh-public-key
-- tags: ec2, ssh, lateral-movement
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    SELECT *
    FROM cloudtrail
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((api.service.name = 'ec2.amazonaws.com' AND api.operation = 'EnableSerialConsoleAccess')
           OR (api.service.name = 'ec2-instance-connect.amazonaws.com' AND api.operation = 'SendSerialConsoleSSHPublicKey'))
      AND api.response.error IS NULL
),
stretched AS (
    FROM lh_stretches('matched', lh_actor(actor), $gap)
)
SELECT * FROM lh_stretch_findings('stretched',
    concat_ws('; ',
        CASE WHEN count(*) FILTER (WHERE api.operation = 'EnableSerialConsoleAccess') > 0 THEN 'serial console access enabled for the account' END,
        CASE WHEN count(*) FILTER (WHERE api.operation = 'SendSerialConsoleSSHPublicKey') > 0
             THEN concat('SSH key pushed to the serial console of ',
                         array_to_string(list_slice(list_sort(list(DISTINCT json_extract_string(api.request.data, '$.instanceId'))
                                                         FILTER (WHERE api.operation = 'SendSerialConsoleSSHPublicKey')), 1, 10), ', ')) END)
    || lh_spread(src_endpoint.ip, region, ' | '))
