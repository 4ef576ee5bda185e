-- cloudtrail_lake: the CloudTrail lake in the shape of a CloudTrail Lake
-- event data store of CloudTrail events ("Supported SQL schemas for event
-- data stores", CloudTrail user guide), columns in its order: eventtime a
-- timestamp (UTC), readonly and managementevent booleans, and
-- requestparameters, responseelements, additionaleventdata,
-- serviceeventdetails, addendum, edgedevicedetails and insightdetails maps
-- of strings, whose nested objects and arrays are JSON text. The translator
-- resolves an event data store's ID or ARN in FROM to it. Built on
-- cloudtrail_logs' table macro, whose values are the raw record's.
-- Not here: eventjson and eventjsonchecksum (the record's own text, which
-- the lake does not keep) and the eventdata of non-CloudTrail stores.
CREATE VIEW cloudtrail_lake AS
SELECT
    eventversion,
    CASE WHEN useridentity IS NOT NULL THEN {
        'type': useridentity.type,
        'principalid': useridentity.principalid,
        'arn': useridentity.arn,
        'accountid': useridentity.accountid,
        'accesskeyid': useridentity.accesskeyid,
        'username': useridentity.username,
        'sessioncontext': CASE WHEN useridentity.sessioncontext IS NOT NULL THEN {
            'attributes': CASE WHEN useridentity.sessioncontext.attributes IS NOT NULL THEN {
                'creationdate': coalesce(CAST(lh_actor.session.created_time_dt AS TIMESTAMP),
                    TRY_CAST(useridentity.sessioncontext.attributes.creationdate AS TIMESTAMP)),
                'mfaauthenticated': useridentity.sessioncontext.attributes.mfaauthenticated
            } END,
            'sessionissuer': useridentity.sessioncontext.sessionissuer,
            'webidfederationdata': useridentity.sessioncontext.webidfederationdata,
            'sourceidentity': lh_unmapped['userIdentity.sessionContext.sourceIdentity'],
            'ec2roledelivery': useridentity.sessioncontext.ec2roledelivery,
            'ec2issuedinvpc': lh_unmapped['userIdentity.sessionContext.ec2IssuedInVPC']
        } END,
        'onbehalfof': useridentity.onbehalfof,
        'inscopeof': CASE WHEN lh_has(lh_unmapped, 'userIdentity.inScopeOf') THEN {
            'sourcearn': lh_unmapped['userIdentity.inScopeOf.sourceArn'],
            'sourceaccount': lh_unmapped['userIdentity.inScopeOf.sourceAccount'],
            'issuertype': lh_unmapped['userIdentity.inScopeOf.issuerType'],
            'credentialsissuedto': lh_unmapped['userIdentity.inScopeOf.credentialsIssuedTo']
        } END,
        'invokedby': useridentity.invokedby,
        'identityprovider': lh_fallback(lh_unmapped, 'userIdentity.identityProvider',
            'userIdentity.sessionContext.webIdFederationData.federatedProvider', nullif(lh_actor.idp.name, ''))
    } END AS useridentity,
    CAST(lh_time_dt AS TIMESTAMP) AS eventtime,
    eventsource,
    eventname,
    awsregion,
    sourceipaddress,
    useragent,
    errorcode,
    errormessage,
    lh_json_map(requestparameters) AS requestparameters,
    lh_json_map(responseelements) AS responseelements,
    lh_json_map(additionaleventdata) AS additionaleventdata,
    requestid,
    eventid,
    TRY_CAST(readonly AS BOOLEAN) AS readonly,
    CASE WHEN lh_unmapped['resources'] IS NULL THEN
             list_transform(resources, r -> {'accountid': r.accountid, 'type': r.type, 'arn': r.arn, 'arnprefix': NULL::VARCHAR})
         WHEN json_valid(lh_unmapped['resources']) THEN list_transform(
             from_json(lh_unmapped['resources'], '[{"accountId": "VARCHAR", "type": "VARCHAR", "ARN": "VARCHAR", "ARNPrefix": "VARCHAR"}]'),
             r -> {'accountid': r.accountId, 'type': r.type, 'arn': r.ARN, 'arnprefix': r.ARNPrefix})
    END AS resources,
    eventtype,
    apiversion,
    TRY_CAST(lh_unmapped['managementEvent'] AS BOOLEAN) AS managementevent,
    recipientaccountid,
    sharedeventid,
    lh_unmapped['annotation'] AS annotation,
    vpcendpointid,
    vpcendpointaccountid,
    lh_json_map(serviceeventdetails) AS serviceeventdetails,
    lh_string_map(lh_unmapped, 'addendum') AS addendum,
    lh_json_map(edgedevicedetails) AS edgedevicedetails,
    lh_string_map(lh_unmapped, 'insightDetails') AS insightdetails,
    eventcategory,
    tlsdetails,
    sessioncredentialfromconsole
FROM lh_cloudtrail_logs()
