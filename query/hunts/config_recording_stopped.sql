-- id: config_recording_stopped
-- title: AWS Config recording stopped or rules deleted
-- description: StopConfigurationRecorder, DeleteConfigurationRecorder,
--   DeleteDeliveryChannel or DeleteConfigRule stop AWS Config from recording resource
--   changes or evaluating compliance.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.001
-- source: cloudtrail
-- logic: filter
-- covers: aws_config_disable_recording, tp_config_configuration_recorder_stopped, tp_config_rule_deleted
-- tags: config, detective-controls, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'config.amazonaws.com')
    WHERE api.operation IN ('StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel', 'DeleteConfigRule', 'DeleteConformancePack')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.configurationRecorderName'), json_extract_string(api.request.data, '$.deliveryChannelName'), json_extract_string(api.request.data, '$.configRuleName'), json_extract_string(api.request.data, '$.conformancePackName'), '')))
