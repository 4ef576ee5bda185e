-- id: lambda_layer_from_other_account
-- title: Lambda layer from another account attached
-- description: CreateFunction or UpdateFunctionConfiguration with a layer ARN owned by
--   an account other than the functions: code from outside runs inside the function
--   (Sentinel "Lambda layer imported from external account", Sigma "new Lambda layer
--   attached"). Layer accounts in $trusted_layer_accounts are ignored.
-- severity: medium
-- tactics: TA0003, TA0002
-- techniques: T1525
-- source: cloudtrail
-- logic: filter
-- covers: aws_lambda_layer_external_account, aws_new_lambda_layer_attached
-- tags: lambda, persistence, supply-chain
-- param: trusted_layer_accounts:strings= | Account ids whose layers are trusted (for example vendors you use).
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'lambda.amazonaws.com')
    WHERE regexp_matches(api.operation, '^(CreateFunction|UpdateFunctionConfiguration)')
      AND len(list_filter(json_extract_string(api.request.data, '$.layers[*]'),
                          l -> split_part(l, ':', 5) <> accountid AND NOT list_contains($trusted_layer_accounts, split_part(l, ':', 5)))) > 0
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('layer from another account on ', json_extract_string(api.request.data, '$.functionName'), ': ', array_to_string(json_extract_string(api.request.data, '$.layers[*]'), ', ')))
