-- id: bedrock_invocation_logging_deleted
-- title: Bedrock model invocation logging deleted
-- description: DeleteModelInvocationLoggingConfiguration stops Bedrock from recording the
--   prompts and responses of every model call in the region. Someone about to misuse the
--   account's models (LLMjacking) removes it first so the abuse leaves no content trail.
-- severity: high
-- tactics: TA0005
-- techniques: T1562.008
-- source: cloudtrail
-- logic: filter
-- covers: -
-- tags: bedrock, logging, tampering
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'bedrock.amazonaws.com')
    WHERE api.operation = 'DeleteModelInvocationLoggingConfiguration'
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('Bedrock model invocation logging deleted in ', region))
