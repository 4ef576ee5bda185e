-- id: codebuild_project_tampered
-- title: CodeBuild project exposed or its build changed
-- description: UpdateProjectVisibility to PUBLIC_READ, or UpdateProject changing the
--   service role, source location or environment variables: build pipelines run with
--   powerful roles, so this is a supply-chain foothold (Tailpipe CodeBuild hunts).
-- severity: medium
-- tactics: TA0003, TA0002
-- techniques: T1195.002, T1098
-- source: cloudtrail
-- logic: filter
-- covers: tp_codebuild_project_visibility_set_public, tp_codebuild_project_service_role_updated, tp_codebuild_project_source_repository_updated, tp_codebuild_project_environment_variable_updated
-- tags: codebuild, supply-chain
-- param: gap:duration=1h | A pause longer than this between the actor's events starts a new finding.
WITH matched AS (
    FROM lh_succeeded_calls('cloudtrail', $window_start, $window_end, 'codebuild.amazonaws.com')
    WHERE ((api.operation = 'UpdateProjectVisibility' AND json_extract_string(api.request.data, '$.projectVisibility') = 'PUBLIC_READ')
           OR (api.operation = 'UpdateProject'
               AND (json_extract(api.request.data, '$.serviceRole') IS NOT NULL
                    OR json_extract(api.request.data, '$.source.location') IS NOT NULL
                    OR json_extract(api.request.data, '$.environment.environmentVariables') IS NOT NULL)))
)
SELECT * FROM lh_filter_findings('matched', $gap,
    concat(api.operation, ' ', coalesce(json_extract_string(api.request.data, '$.name'), json_extract_string(api.request.data, '$.projectArn'), ''),
        CASE WHEN json_extract_string(api.request.data, '$.projectVisibility') = 'PUBLIC_READ' THEN ': public' ELSE '' END,
        CASE WHEN json_extract_string(api.request.data, '$.serviceRole') IS NOT NULL THEN ': service role' ELSE '' END,
        CASE WHEN json_extract_string(api.request.data, '$.source.location') IS NOT NULL THEN ': source' ELSE '' END,
        CASE WHEN json_extract(api.request.data, '$.environment.environmentVariables') IS NOT NULL THEN ': environment' ELSE '' END))
