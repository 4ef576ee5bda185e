-- id: sigma_access_key_for_another_user
-- title: Access key created for another user with the CLI from the admin network
-- description: Written by the lakehunt team to test every value modifier the importer converts, in one rule. Converted from the Sigma rule access_key_for_another_user.yml (dbc786b4-1172-4efe-a156-fa449aa0f143).
-- severity: medium
-- tactics: TA0003
-- techniques: T1098.001
-- source: cloudtrail
-- logic: filter
-- covers: access_key_for_another_user
-- tags: sigma, imported
WITH r1 AS (
    SELECT *
    FROM cloudtrail_all
    WHERE time_dt >= $window_start AND time_dt < $window_end
      AND ((((api.response.error IS NULL AND (api.response.message IS NULL) AND (api.operation = 'CreateAccessKey') AND (lower(api.operation) LIKE lower('create%') ESCAPE '\') AND (lower(api.service.name) LIKE lower('%.amazonaws.com') ESCAPE '\') AND (date_part('hour', TRY_CAST(strftime(time_dt, '%Y-%m-%dT%H:%M:%SZ') AS TIMESTAMPTZ)) = 10) AND (TRY_CAST(metadata.product.version AS DOUBLE) >= 1.08)) AND ((lh_cidr_contains('198.51.100.0/24', coalesce(src_endpoint.ip, src_endpoint.domain)) OR lh_cidr_contains('2001:db8::/32', coalesce(src_endpoint.ip, src_endpoint.domain))) AND (lower(http_request.user_agent) LIKE lower('%aws-cli/%') ESCAPE '\' AND lower(http_request.user_agent) LIKE lower('%LINUX%') ESCAPE '\') AND (regexp_matches(http_request.user_agent, '(?i)^AWS-CLI/2\.[0-9]+'))) AND ((lower(api.operation) LIKE lower('Create%K_y') ESCAPE '\') AND (json_extract_string(api.request.data, '$.userName') IS NOT NULL AND NOT coalesce((lower(json_extract_string(api.request.data, '$.userName')) = lower(actor.user.name)), false)) AND (lower(json_extract_string(api.response.data, '$.accessKey.status')) LIKE lower('Act%') ESCAPE '\') AND (actor.user.name IS NOT NULL AND NOT coalesce((lower(actor.user.name) = lower('root')), false)))) AND NOT coalesce(((((lower(http_request.user_agent) LIKE lower('%sqlmap%') ESCAPE '\')) OR (((http_request.user_agent LIKE '%c3FsbWFw%' ESCAPE '\' OR http_request.user_agent LIKE '%NxbG1hc%' ESCAPE '\' OR http_request.user_agent LIKE '%zcWxtYX%' ESCAPE '\'))) OR ((http_request.user_agent LIKE '%c3FsbWFw%' ESCAPE '\')) OR (((lower(http_request.user_agent) LIKE lower('% -exec %') ESCAPE '\' OR lower(http_request.user_agent) LIKE lower('% /exec %') ESCAPE '\' OR lower(http_request.user_agent) LIKE lower('% –exec %') ESCAPE '\' OR lower(http_request.user_agent) LIKE lower('% —exec %') ESCAPE '\' OR lower(http_request.user_agent) LIKE lower('% ―exec %') ESCAPE '\'))))), false)))
)
FROM lh_object_findings('r1', concat('Access key created for another user with the CLI from the admin network', ': ', api.operation))
