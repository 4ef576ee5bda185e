-- id: lambda_code_updated
-- title: Lambda function code updated by a user
-- description: UpdateFunctionCode by a person: an IAM user (Sentinel "Lambda function
--   code updated"), an IAM Identity Center (SSO) session or a federated user (Panther's
--   rule counts these too; they were missed before). Deployments usually come from a
--   pipeline role, so a human changing code in place is worth checking.
-- severity: low
-- tactics: TA0003, TA0002
-- techniques: T1525
-- source: cloudtrail
-- logic: filter
-- covers: aws_lambda_update_function_code,
--   stratus:aws.persistence.lambda-overwrite-code
-- tags: lambda, persistence
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'lambda.amazonaws.com')
    WHERE api.operation LIKE 'UpdateFunctionCode%'
      AND (actor.user.type IN ('IAMUser', 'FederatedUser') OR coalesce(actor.session.issuer, actor.user.uid) LIKE '%AWSReservedSSO\_%' ESCAPE '\')
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat('code of ', json_extract_string(api.request.data, '$.functionName'), ' updated by ', coalesce(actor.user.name, lh_actor(actor))))
