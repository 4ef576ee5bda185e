-- cloudtrail_logs: the CloudTrail lake in the shape of AWS's documented
-- Athena table over raw CloudTrail files ("Querying AWS CloudTrail logs",
-- Athena user guide: CREATE EXTERNAL TABLE cloudtrail_logs, JSON SerDe),
-- columns in its order, plus the partition column of its partition
-- projection variant (timestamp, 'yyyy/MM/dd'). Each value is the raw
-- record's: from the OCSF column that holds it, or from unmapped, where
-- the mapper keeps what the columns cannot give back (storage/ocsf).
-- An empty string in an OCSF column is read as NULL: a raw "" stays in
-- unmapped, and the Parquet writer stores some NULLs of optional dictionary
-- columns as "" (actor.invoked_by), which must not read as a raw "".
--
-- The SELECT is a table macro that also passes on the lake's unmapped,
-- time_dt and actor, from which the CloudTrail Lake view (cloudtrail_lake)
-- takes what this table lacks.
CREATE MACRO lh_cloudtrail_logs() AS TABLE
SELECT
    coalesce(nullif(metadata.product.version, ''), unmapped['eventVersion']) AS eventversion,
    CASE WHEN actor.user IS NOT NULL OR actor.session IS NOT NULL OR nullif(actor.invoked_by, '') IS NOT NULL
              OR actor.idp IS NOT NULL OR lh_has(unmapped, 'userIdentity') THEN {
        'type': coalesce(nullif(actor.user.type, ''), unmapped['userIdentity.type']),
        'principalid': lh_fallback(unmapped, 'userIdentity.principalId', 'userIdentity.onBehalfOf.userId', nullif(actor.user.uid_alt, '')),
        'arn': coalesce(nullif(actor.user.uid, ''), unmapped['userIdentity.arn']),
        'accountid': coalesce(nullif(actor.user.account.uid, ''), unmapped['userIdentity.accountId']),
        'invokedby': coalesce(nullif(actor.invoked_by, ''), unmapped['userIdentity.invokedBy']),
        'accesskeyid': lh_fallback(unmapped, 'userIdentity.accessKeyId', 'userIdentity.credentialId', nullif(actor.user.credential_uid, '')),
        'username': lh_fallback(unmapped, 'userIdentity.userName', 'additionalEventData.UserName', nullif(actor.user.name, '')),
        'onbehalfof': CASE WHEN nullif(actor.idp.uid, '') IS NOT NULL OR lh_has(unmapped, 'userIdentity.onBehalfOf') THEN {
            'userid': unmapped['userIdentity.onBehalfOf.userId'],
            'identitystorearn': coalesce(nullif(actor.idp.uid, ''), unmapped['userIdentity.onBehalfOf.identityStoreArn'])
        } END,
        'sessioncontext': CASE WHEN actor.session IS NOT NULL OR lh_has(unmapped, 'userIdentity.sessionContext') THEN {
            'attributes': CASE WHEN actor.session.created_time_dt IS NOT NULL OR actor.session.is_mfa IS NOT NULL
                                    OR lh_has(unmapped, 'userIdentity.sessionContext.attributes') THEN {
                'mfaauthenticated': coalesce(unmapped['userIdentity.sessionContext.attributes.mfaAuthenticated'],
                    CAST(actor.session.is_mfa AS VARCHAR)),
                'creationdate': coalesce(unmapped['userIdentity.sessionContext.attributes.creationDate'],
                    lh_iso_second(actor.session.created_time_dt))
            } END,
            'sessionissuer': CASE WHEN nullif(actor.session.issuer, '') IS NOT NULL
                                       OR lh_has(unmapped, 'userIdentity.sessionContext.sessionIssuer') THEN {
                'type': unmapped['userIdentity.sessionContext.sessionIssuer.type'],
                'principalid': unmapped['userIdentity.sessionContext.sessionIssuer.principalId'],
                'arn': coalesce(nullif(actor.session.issuer, ''), unmapped['userIdentity.sessionContext.sessionIssuer.arn']),
                'accountid': unmapped['userIdentity.sessionContext.sessionIssuer.accountId'],
                'username': unmapped['userIdentity.sessionContext.sessionIssuer.userName']
            } END,
            'ec2roledelivery': unmapped['userIdentity.sessionContext.ec2RoleDelivery'],
            'webidfederationdata': CASE WHEN lh_has(unmapped, 'userIdentity.sessionContext.webIdFederationData') THEN {
                'federatedprovider': unmapped['userIdentity.sessionContext.webIdFederationData.federatedProvider'],
                'attributes': lh_string_map(unmapped, 'userIdentity.sessionContext.webIdFederationData.attributes')
            } END
        } END
    } END AS useridentity,
    coalesce(unmapped['eventTime'], lh_iso_second(time_dt)) AS eventtime,
    coalesce(nullif(api.service.name, ''), unmapped['eventSource']) AS eventsource,
    coalesce(nullif(api.operation, ''), unmapped['eventName']) AS eventname,
    coalesce(nullif(cloud.region, ''), unmapped['awsRegion']) AS awsregion,
    coalesce(unmapped['sourceIPAddress'], nullif(src_endpoint.ip, ''), nullif(src_endpoint.domain, '')) AS sourceipaddress,
    coalesce(nullif(http_request.user_agent, ''), unmapped['userAgent']) AS useragent,
    coalesce(nullif(api.response.error, ''), unmapped['errorCode']) AS errorcode,
    coalesce(nullif(api.response.message, ''), unmapped['errorMessage']) AS errormessage,
    nullif(api.request.data, '') AS requestparameters,
    nullif(api.response.data, '') AS responseelements,
    unmapped['additionalEventData'] AS additionaleventdata,
    coalesce(nullif(api.request.uid, ''), unmapped['requestID']) AS requestid,
    coalesce(nullif(metadata.uid, ''), unmapped['eventID']) AS eventid,
    CASE WHEN unmapped['resources'] IS NULL THEN
             list_transform(resources, r -> {'arn': nullif(r.uid, ''), 'accountid': nullif(r.owner.account.uid, ''), 'type': nullif(r.type, '')})
         WHEN json_valid(unmapped['resources']) THEN
             list_transform(from_json(unmapped['resources'], '[{"ARN": "VARCHAR", "accountId": "VARCHAR", "type": "VARCHAR"}]'),
                 r -> {'arn': r.ARN, 'accountid': r.accountId, 'type': nullif(r.type, '')})
    END AS resources,
    coalesce(nullif(metadata.event_code, ''), unmapped['eventType']) AS eventtype,
    coalesce(nullif(api.version, ''), unmapped['apiVersion']) AS apiversion,
    unmapped['readOnly'] AS readonly,
    unmapped['recipientAccountId'] AS recipientaccountid,
    unmapped['serviceEventDetails'] AS serviceeventdetails,
    unmapped['sharedEventID'] AS sharedeventid,
    coalesce(nullif(src_endpoint.uid, ''), unmapped['vpcEndpointId']) AS vpcendpointid,
    unmapped['vpcEndpointAccountId'] AS vpcendpointaccountid,
    coalesce(nullif(metadata.product.feature.name, ''), unmapped['eventCategory']) AS eventcategory,
    CASE WHEN lh_has(unmapped, 'addendum') THEN {
        'reason': unmapped['addendum.reason'],
        'updatedfields': unmapped['addendum.updatedFields'],
        'originalrequestid': unmapped['addendum.originalRequestID'],
        'originaleventid': unmapped['addendum.originalEventID']
    } END AS addendum,
    unmapped['sessionCredentialFromConsole'] AS sessioncredentialfromconsole,
    unmapped['edgeDeviceDetails'] AS edgedevicedetails,
    CASE WHEN lh_has(unmapped, 'tlsDetails') THEN {
        'tlsversion': unmapped['tlsDetails.tlsVersion'],
        'ciphersuite': unmapped['tlsDetails.cipherSuite'],
        'clientprovidedhostheader': unmapped['tlsDetails.clientProvidedHostHeader']
    } END AS tlsdetails,
    strftime(time_dt, '%Y/%m/%d') AS "timestamp",
    unmapped AS lh_unmapped,
    time_dt AS lh_time_dt,
    actor AS lh_actor
FROM cloudtrail_all;

CREATE VIEW cloudtrail_logs AS
SELECT * EXCLUDE (lh_unmapped, lh_time_dt, lh_actor) FROM lh_cloudtrail_logs()
