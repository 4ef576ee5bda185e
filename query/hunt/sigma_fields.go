package hunt

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// sigmaColumns maps CloudTrail field names, as Sigma rules spell them, to
// expressions over the cloudtrail view (ocsf.md §2.1). Every expression
// yields text, so that one comparison fits all fields.
var sigmaColumns = map[string]string{
	"eventName":                   "api.operation",
	"eventTime":                   "strftime(time_dt, '%Y-%m-%dT%H:%M:%SZ')",
	"eventSource":                 "api.service.name",
	"awsRegion":                   "region",
	"sourceIPAddress":             "coalesce(src_endpoint.ip, src_endpoint.domain)",
	"userAgent":                   "http_request.user_agent",
	"errorCode":                   "api.response.error",
	"errorMessage":                "api.response.message",
	"eventType":                   "metadata.event_code",
	"eventID":                     "metadata.uid",
	"eventVersion":                "metadata.product.version",
	"eventCategory":               "metadata.product.feature.name",
	"requestID":                   "api.request.uid",
	"apiVersion":                  "api.version",
	"recipientAccountId":          "accountid",
	"vpcEndpointId":               "src_endpoint.uid",
	"requestParameters":           "api.request.data",
	"responseElements":            "api.response.data",
	"userIdentity.type":           "actor.user.type",
	"userIdentity.arn":            "actor.user.uid",
	"userIdentity.principalId":    "actor.user.uid_alt",
	"userIdentity.accountId":      "actor.user.account.uid",
	"userIdentity.userName":       "actor.user.name",
	"userIdentity.accessKeyId":    "actor.user.credential_uid",
	"userIdentity.invokedBy":      "actor.invoked_by",
	"additionalEventData.LoginTo": "dst_endpoint.svc_name",
	"additionalEventData.MFAUsed": "CASE is_mfa WHEN true THEN 'Yes' WHEN false THEN 'No' END",
	"userIdentity.sessionContext.sessionIssuer.arn":           "actor.session.issuer",
	"userIdentity.sessionContext.attributes.mfaAuthenticated": "CAST(actor.session.is_mfa AS VARCHAR)",
	"userIdentity.sessionContext.attributes.creationDate":     "CAST(actor.session.created_time_dt AS VARCHAR)",
	"userIdentity.sessionContext.sessionIssuer.userName":      "unmapped['userIdentity.sessionContext.sessionIssuer.userName']",
	"userIdentity.sessionContext.sessionIssuer.type":          "unmapped['userIdentity.sessionContext.sessionIssuer.type']",
	"userIdentity.sessionContext.sessionIssuer.principalId":   "unmapped['userIdentity.sessionContext.sessionIssuer.principalId']",
	"userIdentity.sessionContext.sessionIssuer.accountId":     "unmapped['userIdentity.sessionContext.sessionIssuer.accountId']",
	"userIdentity.webIdFederationData.federatedProvider":      "actor.idp.name",
	"userIdentity.onBehalfOf.identityStoreArn":                "actor.idp.uid",
	"readOnly":                            "unmapped['readOnly']",
	"managementEvent":                     "unmapped['managementEvent']",
	"sessionCredentialFromConsole":        "unmapped['sessionCredentialFromConsole']",
	"sharedEventID":                       "unmapped['sharedEventID']",
	"tlsDetails.tlsVersion":               "unmapped['tlsDetails.tlsVersion']",
	"tlsDetails.cipherSuite":              "unmapped['tlsDetails.cipherSuite']",
	"tlsDetails.clientProvidedHostHeader": "unmapped['tlsDetails.clientProvidedHostHeader']",
	// CloudTrail records hold no status; rules that ask for status:
	// success or failure mean the call's outcome, which OCSF's status
	// gives: Failure for an errorCode, and for ConsoleLogin and other
	// sign-ins the outcome they report.
	"status": "status",
}

// jsonPathSegment is what a requestParameters or responseElements path may
// hold, so that the JSON path written into the hunt is the rule's path and
// nothing else.
var jsonPathSegment = regexp.MustCompile(`^[A-Za-z0-9_\-]+$`)

// sigmaColumn resolves a Sigma field name to a text expression. Fields
// under requestParameters and responseElements become JSON paths into the
// JSON text columns; additionalEventData fields live in unmapped.
func sigmaColumn(field string) (string, error) {
	if c, ok := sigmaColumns[field]; ok {
		return c, nil
	}
	for prefix, column := range map[string]string{"requestParameters.": "api.request.data", "responseElements.": "api.response.data"} {
		if path, ok := strings.CutPrefix(field, prefix); ok {
			segments := strings.Split(path, ".")
			for _, s := range segments {
				if !jsonPathSegment.MatchString(s) {
					return "", refusal(refusedField, "field %s: path segment %q cannot be written as a JSON path", field, s)
				}
			}
			return fmt.Sprintf("json_extract_string(%s, '$.%s')", column, strings.Join(segments, ".")), nil
		}
	}
	if rest, ok := strings.CutPrefix(field, "additionalEventData."); ok && jsonPathSegment.MatchString(strings.ReplaceAll(rest, ".", "_")) {
		return "unmapped[" + sqltext.QuoteString(field) + "]", nil
	}
	return "", refusal(refusedField, "field %s has no OCSF column in the cloudtrail view", field)
}
