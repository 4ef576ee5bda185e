-- cloudtrail_logs: the CloudTrail lake in the shape of AWS's documented
-- Athena table over raw CloudTrail files ("Querying AWS CloudTrail logs",
-- Athena user guide: CREATE EXTERNAL TABLE cloudtrail_logs, JSON SerDe),
-- columns in its order, plus the partition column of its partition
-- projection variant (timestamp, 'yyyy/MM/dd'). Each value is the raw
-- record's: from the OCSF column that holds it, or from unmapped, where
-- the mapper keeps what the columns cannot give back (storage/ocsf).
-- A raw "" is kept in unmapped: its OCSF column holds NULL, as for an
-- absent field.
--
-- The SELECT is a table macro that also passes on the lake's unmapped,
-- time_dt and actor, from which the CloudTrail Lake view (cloudtrail_lake)
-- takes what this table lacks.
CREATE MACRO lh_cloudtrail_logs() AS TABLE
SELECT
    coalesce(metadata.product.version, unmapped['eventVersion']) AS eventversion,
    CASE WHEN actor.user IS NOT NULL OR actor.session IS NOT NULL OR actor.invoked_by IS NOT NULL
              OR actor.idp IS NOT NULL OR lh_has(unmapped, 'userIdentity') THEN {
        'type': coalesce(actor.user.type, unmapped['userIdentity.type']),
        'principalid': lh_fallback(unmapped, 'userIdentity.principalId', 'userIdentity.onBehalfOf.userId', actor.user.uid_alt),
        'arn': coalesce(actor.user.uid, unmapped['userIdentity.arn']),
        'accountid': coalesce(actor.user.account.uid, unmapped['userIdentity.accountId']),
        'invokedby': coalesce(actor.invoked_by, unmapped['userIdentity.invokedBy']),
        'accesskeyid': lh_fallback(unmapped, 'userIdentity.accessKeyId', 'userIdentity.credentialId', actor.user.credential_uid),
        'username': lh_fallback(unmapped, 'userIdentity.userName', 'additionalEventData.UserName', actor.user.name),
        'onbehalfof': CASE WHEN actor.idp.uid IS NOT NULL OR lh_has(unmapped, 'userIdentity.onBehalfOf') THEN {
            'userid': unmapped['userIdentity.onBehalfOf.userId'],
            'identitystorearn': coalesce(actor.idp.uid, unmapped['userIdentity.onBehalfOf.identityStoreArn'])
        } END,
        'sessioncontext': CASE WHEN actor.session IS NOT NULL OR lh_has(unmapped, 'userIdentity.sessionContext') THEN {
            'attributes': CASE WHEN actor.session.created_time_dt IS NOT NULL OR actor.session.is_mfa IS NOT NULL
                                    OR lh_has(unmapped, 'userIdentity.sessionContext.attributes') THEN {
                'mfaauthenticated': coalesce(unmapped['userIdentity.sessionContext.attributes.mfaAuthenticated'],
                    CAST(actor.session.is_mfa AS VARCHAR)),
                'creationdate': coalesce(unmapped['userIdentity.sessionContext.attributes.creationDate'],
                    lh_iso_second(actor.session.created_time_dt))
            } END,
            'sessionissuer': CASE WHEN actor.session.issuer IS NOT NULL
                                       OR lh_has(unmapped, 'userIdentity.sessionContext.sessionIssuer') THEN {
                'type': unmapped['userIdentity.sessionContext.sessionIssuer.type'],
                'principalid': unmapped['userIdentity.sessionContext.sessionIssuer.principalId'],
                'arn': coalesce(actor.session.issuer, unmapped['userIdentity.sessionContext.sessionIssuer.arn']),
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
    coalesce(api.service.name, unmapped['eventSource']) AS eventsource,
    coalesce(api.operation, unmapped['eventName']) AS eventname,
    coalesce(cloud.region, unmapped['awsRegion']) AS awsregion,
    coalesce(unmapped['sourceIPAddress'], src_endpoint.ip, src_endpoint.domain) AS sourceipaddress,
    coalesce(http_request.user_agent, unmapped['userAgent']) AS useragent,
    coalesce(api.response.error, unmapped['errorCode']) AS errorcode,
    coalesce(api.response.message, unmapped['errorMessage']) AS errormessage,
    api.request.data AS requestparameters,
    api.response.data AS responseelements,
    unmapped['additionalEventData'] AS additionaleventdata,
    coalesce(api.request.uid, unmapped['requestID']) AS requestid,
    coalesce(metadata.uid, unmapped['eventID']) AS eventid,
    CASE WHEN unmapped['resources'] IS NULL THEN
             list_transform(resources, r -> {'arn': r.uid, 'accountid': r.owner.account.uid, 'type': r.type})
         WHEN json_valid(unmapped['resources']) THEN
             list_transform(from_json(unmapped['resources'], '[{"ARN": "VARCHAR", "accountId": "VARCHAR", "type": "VARCHAR"}]'),
                 r -> {'arn': r.ARN, 'accountid': r.accountId, 'type': nullif(r.type, '')})
    END AS resources,
    coalesce(metadata.event_code, unmapped['eventType']) AS eventtype,
    coalesce(api.version, unmapped['apiVersion']) AS apiversion,
    unmapped['readOnly'] AS readonly,
    unmapped['recipientAccountId'] AS recipientaccountid,
    unmapped['serviceEventDetails'] AS serviceeventdetails,
    unmapped['sharedEventID'] AS sharedeventid,
    coalesce(src_endpoint.uid, unmapped['vpcEndpointId']) AS vpcendpointid,
    unmapped['vpcEndpointAccountId'] AS vpcendpointaccountid,
    -- Security Lake names every category for a record that had none.
    coalesce(nullif(metadata.product.feature.name, 'Management, Data, and Insights'), unmapped['eventCategory']) AS eventcategory,
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
