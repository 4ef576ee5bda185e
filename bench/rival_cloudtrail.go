package bench

import (
	"strings"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// The DuckDB-only rival of `lakehunt ingest cloudtrail`: what a DuckDB
// user would write to turn the raw delivery files into an OCSF lake of the
// same layout. read_json's schema inference fails on CloudTrail (a key
// absent from its sample is rejected later), so Records is read as JSON[]
// and each record is parsed once by json_transform into the fields the
// mapping needs. read_json's default maximum_object_size (16 MB) is kept:
// it fits the generated files, and raising it to 1 GiB, which real trails
// with large files need, made the pipeline several times slower here.
//
// It computes the OCSF columns analysts query: metadata, time, time_dt,
// cloud, api (request and response data as JSON text), actor (user,
// session, invoked_by), http_request, src_endpoint (IP or domain),
// dst_endpoint (console LoginTo), resources, class, category, activity,
// type, severity, status, is_mfa, the identity classes' user, session and
// policy, and observables. Left out, so the rival does less work than
// lakehunt: unmapped (every field not mapped, flattened), dedup of repeated
// deliveries, sorting each file by time, the full Account Change activity
// table and the manifest that makes the ingest atomic and resumable.

func sqlList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = "'" + n + "'"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// cloudTrailRecordShape is the part of a record the mapping reads.
const cloudTrailRecordShape = `{
 "eventVersion":"VARCHAR","eventTime":"VARCHAR","eventSource":"VARCHAR","eventName":"VARCHAR",
 "awsRegion":"VARCHAR","sourceIPAddress":"VARCHAR","userAgent":"VARCHAR","errorCode":"VARCHAR",
 "errorMessage":"VARCHAR","requestParameters":"JSON","responseElements":"JSON","additionalEventData":"JSON",
 "requestID":"VARCHAR","eventID":"VARCHAR","eventType":"VARCHAR","apiVersion":"VARCHAR",
 "recipientAccountId":"VARCHAR","eventCategory":"VARCHAR","vpcEndpointId":"VARCHAR",
 "userIdentity":{"type":"VARCHAR","principalId":"VARCHAR","arn":"VARCHAR","accountId":"VARCHAR",
  "accessKeyId":"VARCHAR","userName":"VARCHAR","invokedBy":"VARCHAR","identityProvider":"VARCHAR",
  "sessionContext":{"attributes":{"creationDate":"VARCHAR","mfaAuthenticated":"VARCHAR"},"sessionIssuer":{"arn":"VARCHAR"}}},
 "resources":[{"ARN":"VARCHAR","accountId":"VARCHAR","type":"VARCHAR"}]
}`

// cloudTrailRivalSQL returns the COPY statement that ingests the files
// matched by glob into a partitioned Parquet tree at out.
func cloudTrailRivalSQL(glob, out string) string {
	return `COPY (
WITH raw AS (
  SELECT json_transform(r, ` + quote(cloudTrailRecordShape) + `) AS e
  FROM (SELECT unnest(Records) AS r FROM read_json(` + quote(glob) + `, columns = {Records: 'JSON[]'}))
), typed AS (
  SELECT e, CAST(e.eventTime AS TIMESTAMP) AS ts,
    CASE WHEN e.eventName IN ` + sqlList(ocsf.AuthenticationEventNames) + ` THEN 3002
         WHEN e.eventName IN ` + sqlList(ocsf.AccountChangeEventNames) + ` THEN 3001 ELSE 6003 END AS class_uid,
    e.responseElements ->> ('$.' || e.eventName) AS outcome
  FROM raw
), classified AS (
  SELECT *,
    CASE class_uid
      WHEN 3002 THEN CASE WHEN e.eventName IN ('ConsoleLogin', 'ExternalIdPDirectoryLogin', 'UserAuthentication')
                            OR e.eventName LIKE 'AssumeRole%' THEN 1 ELSE 99 END
      WHEN 3001 THEN CASE WHEN e.eventName LIKE 'Attach%' THEN 7 WHEN e.eventName LIKE 'Detach%' THEN 8
                          WHEN e.eventName LIKE 'Create%' THEN 1 WHEN e.eventName LIKE 'Delete%' THEN 6 ELSE 99 END
      ELSE CASE WHEN regexp_matches(e.eventName, 'Create|Run|Generate') THEN 1
                WHEN regexp_matches(e.eventName, 'Get|List|Describe|Search|Lookup') THEN 2
                WHEN regexp_matches(e.eventName, 'Update|Put|Modify|Add|Remove|Start|Stop|Attach|Detach|Associate|Disassociate|Tag|Untag|Enable|Disable|Register|Deregister') THEN 3
                WHEN regexp_matches(e.eventName, 'Delete|Terminate') THEN 4 ELSE 99 END
    END AS activity_id,
    CASE WHEN regexp_matches(e.sourceIPAddress, '^[0-9.]+$') OR e.sourceIPAddress LIKE '%:%' THEN e.sourceIPAddress END AS ip
  FROM typed
), named AS (
  SELECT *,
    CASE class_uid WHEN 3002 THEN 'Authentication' WHEN 3001 THEN 'Account Change' ELSE 'API Activity' END AS class_name,
    CASE activity_id WHEN 1 THEN CASE class_uid WHEN 3002 THEN 'Logon' ELSE 'Create' END
      WHEN 2 THEN 'Read' WHEN 3 THEN 'Update' WHEN 4 THEN 'Delete' WHEN 6 THEN 'Delete'
      WHEN 7 THEN 'Attach Policy' WHEN 8 THEN 'Detach Policy' ELSE 'Other' END AS activity_name
  FROM classified
)
SELECT
  {product: {version: e.eventVersion, name: 'CloudTrail', vendor_name: 'AWS', feature: {name: e.eventCategory}},
   event_code: e.eventType, uid: e.eventID, profiles: ['cloud', 'datetime'], version: '1.1.0'} AS metadata,
  epoch_ms(ts) AS time,
  ts AS time_dt,
  {region: e.awsRegion, provider: 'AWS'} AS cloud,
  {response: {error: e.errorCode, message: e.errorMessage, data: CAST(e.responseElements AS VARCHAR)},
   operation: e.eventName, version: e.apiVersion, service: {name: e.eventSource},
   request: {data: CAST(e.requestParameters AS VARCHAR), uid: e.requestID}} AS api,
  CASE WHEN class_uid = 3002 THEN {svc_name: e.additionalEventData ->> 'LoginTo'} END AS dst_endpoint,
  {user: {type: e.userIdentity.type, name: coalesce(e.userIdentity.userName, e.additionalEventData ->> 'UserName'),
          uid_alt: e.userIdentity.principalId, uid: e.userIdentity.arn,
          account: {uid: e.userIdentity.accountId}, credential_uid: e.userIdentity.accessKeyId},
   session: {created_time_dt: CAST(e.userIdentity.sessionContext.attributes.creationDate AS TIMESTAMP),
             is_mfa: e.userIdentity.sessionContext.attributes.mfaAuthenticated = 'true',
             issuer: e.userIdentity.sessionContext.sessionIssuer.arn},
   invoked_by: e.userIdentity.invokedBy, idp: {name: e.userIdentity.identityProvider}} AS actor,
  {user_agent: e.userAgent} AS http_request,
  {uid: e.vpcEndpointId, ip: ip, domain: CASE WHEN ip IS NULL THEN e.sourceIPAddress END} AS src_endpoint,
  CASE WHEN class_uid = 3002 THEN {uid: e.responseElements ->> '$.assumedRoleUser.arn',
       credential_uid: e.responseElements ->> '$.credentials.accessKeyId', issuer: e.requestParameters ->> 'roleArn'} END AS session,
  CASE WHEN class_uid = 3001 THEN {uid: e.requestParameters ->> 'policyArn', name: e.requestParameters ->> 'policyName'} END AS policy,
  list_transform(e.resources, x -> {uid: x.ARN, owner: {account: {uid: x.accountId}}, type: x.type}) AS resources,
  class_name, class_uid,
  CASE WHEN class_uid = 6003 THEN 'Application Activity' ELSE 'Identity & Access Management' END AS category_name,
  CASE WHEN class_uid = 6003 THEN 6 ELSE 3 END AS category_uid,
  1 AS severity_id, 'Informational' AS severity,
  CASE WHEN class_uid <> 6003 THEN {uid: coalesce(e.requestParameters ->> 'roleArn', e.userIdentity.arn),
       name: coalesce(e.requestParameters ->> 'roleSessionName', e.requestParameters ->> 'userName', e.requestParameters ->> 'roleName')} END AS "user",
  activity_name, activity_id,
  class_uid * 100 + activity_id AS type_uid,
  class_name || ': ' || activity_name AS type_name,
  CASE WHEN outcome = 'Failure' OR (outcome IS NULL AND e.errorCode IS NOT NULL) THEN 'Failure' ELSE 'Success' END AS status,
  CASE WHEN outcome = 'Failure' OR (outcome IS NULL AND e.errorCode IS NOT NULL) THEN 2 ELSE 1 END AS status_id,
  CASE e.additionalEventData ->> 'MFAUsed' WHEN 'Yes' THEN true WHEN 'No' THEN false END AS is_mfa,
  list_filter([{name: 'src_endpoint.ip', value: ip, type: 'IP Address', type_id: 2},
               {name: 'actor.user.name', value: e.userIdentity.userName, type: 'User Name', type_id: 4},
               {name: 'actor.user.uid', value: e.userIdentity.arn, type: 'Resource UID', type_id: 10}],
              o -> o.value IS NOT NULL) AS observables,
  coalesce(e.awsRegion, 'unknown') AS region,
  coalesce(e.recipientAccountId, e.userIdentity.accountId, '000000000000') AS accountId,
  strftime(ts, '%Y%m%d') AS eventDay
FROM named
) TO ` + quote(out) + ` (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (region, accountId, eventDay))`
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
