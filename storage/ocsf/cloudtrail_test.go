package ocsf

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/golden"
)

// cloudTrailSamples reads the hand-written records of testdata/cloudtrail.
func cloudTrailSamples(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "cloudtrail", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	samples := map[string][]byte{}
	for _, path := range paths {
		if strings.HasSuffix(path, ".ocsf.json") {
			continue
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		samples[strings.TrimSuffix(filepath.Base(path), ".json")] = raw
	}
	if len(samples) == 0 {
		t.Fatal("no samples in testdata/cloudtrail")
	}
	return samples
}

func mustMapCloudTrail(t *testing.T, raw []byte) (CloudTrailEvent, CloudTrailMeta) {
	t.Helper()
	ev, meta, err := MapCloudTrail(raw)
	if err != nil {
		t.Fatalf("MapCloudTrail: %v", err)
	}
	return ev, meta
}

func TestCloudTrailGolden(t *testing.T) {
	f := func(name string, raw []byte) {
		t.Helper()
		ev, _ := mustMapCloudTrail(t, raw)
		golden.Check(t, filepath.Join("testdata", "cloudtrail", name+".ocsf.json"), renderParquetJSON(t, []CloudTrailEvent{ev}))
	}
	for name, raw := range cloudTrailSamples(t) {
		f(name, raw)
	}
}

// TestCloudTrailSampleFacts states, per sample, the facts the golden files
// must show, so that a wrong golden file cannot be accepted unnoticed.
func TestCloudTrailSampleFacts(t *testing.T) {
	samples := cloudTrailSamples(t)
	type facts struct {
		typeUID    int64
		status     string
		actorType  string
		srcIP      string
		srcDomain  string
		userName   string
		userUID    string
		isMFA      string // "", "true", "false"
		sessionKey string // session.credential_uid
		policyUID  string
	}
	f := func(name string, want facts) {
		t.Helper()
		raw, ok := samples[name]
		if !ok {
			t.Fatalf("no sample %s", name)
		}
		ev, _ := mustMapCloudTrail(t, raw)
		got := facts{typeUID: ev.TypeUID, status: ev.Status, srcIP: ev.SrcEndpoint.IP, srcDomain: ev.SrcEndpoint.Domain}
		if ev.Actor.User != nil {
			got.actorType = ev.Actor.User.Type
		}
		if ev.User != nil {
			got.userName, got.userUID = ev.User.Name, ev.User.UID
		}
		if ev.IsMFA != nil {
			got.isMFA = map[bool]string{true: "true", false: "false"}[*ev.IsMFA]
		}
		if ev.Session != nil {
			got.sessionKey = ev.Session.CredentialUID
		}
		if ev.Policy != nil {
			got.policyUID = ev.Policy.UID
		}
		if got != want {
			t.Errorf("%s:\n got  %+v\n want %+v", name, got, want)
		}
		if wantStatusID := map[string]int32{"Success": 1, "Failure": 2, "Other": 99}[ev.Status]; ev.StatusID != wantStatusID {
			t.Errorf("%s: status_id %d for status %s", name, ev.StatusID, ev.Status)
		}
		if want := int64(ev.ClassUID)*100 + int64(ev.ActivityID); ev.TypeUID != want {
			t.Errorf("%s: type_uid %d, want %d", name, ev.TypeUID, want)
		}
		if want := ev.ClassName + ": " + ev.ActivityName; ev.TypeName != want {
			t.Errorf("%s: type_name %q, want %q", name, ev.TypeName, want)
		}
	}
	const acct = "arn:aws:iam::111122223333:"
	f("root_console_login_mfa", facts{typeUID: 300201, status: "Success", actorType: "Root", srcIP: "203.0.113.45", userUID: acct + "root", isMFA: "true"})
	f("root_console_login_failure_mfa", facts{typeUID: 300201, status: "Failure", actorType: "Root", srcIP: "203.0.113.45", userUID: acct + "root", isMFA: "true"})
	f("iamuser_console_login_no_mfa", facts{typeUID: 300201, status: "Success", actorType: "IAMUser", srcIP: "198.51.100.23", userUID: acct + "user/bob", isMFA: "false"})
	f("iamuser_console_login_failure", facts{typeUID: 300201, status: "Failure", actorType: "IAMUser", srcIP: "198.51.100.23", isMFA: "false"})
	f("assumedrole_assume_role", facts{typeUID: 300201, status: "Other", actorType: "AssumedRole", srcIP: "198.51.100.23",
		userName: "alice-breakglass", userUID: "arn:aws:iam::444455556666:role/OrganizationAccountAccessRole", sessionKey: "ASIAEXAMPLECHAIN0001"})
	f("samluser_assume_role_with_saml", facts{typeUID: 300201, status: "Other", actorType: "SAMLUser", srcIP: "192.0.2.150",
		userName: "carol@example.com", userUID: acct + "role/SSO-ReadOnly", sessionKey: "ASIAEXAMPLESAML00001"})
	f("webidentityuser_assume_role_with_web_identity", facts{typeUID: 300201, status: "Other", actorType: "WebIdentityUser", srcIP: "198.51.100.77",
		userName: "GitHubActions", userUID: acct + "role/github-deploy", sessionKey: "ASIAEXAMPLEGHA000001"})
	f("awsservice_assume_role", facts{typeUID: 300201, status: "Other", actorType: "AWSService", srcDomain: "lambda.amazonaws.com",
		userName: "thumbnailer", userUID: acct + "role/service-role/thumbnailer-role", sessionKey: "ASIAEXAMPLELAMBDA001"})
	f("unknown_credential_verification", facts{typeUID: 300299, status: "Success", actorType: "Unknown", srcIP: "192.0.2.61", userUID: "", isMFA: ""})
	f("iamuser_create_user", facts{typeUID: 300101, status: "Success", actorType: "IAMUser", srcIP: "198.51.100.23", userName: "svc-backup", userUID: acct + "user/svc-backup"})
	f("assumedrole_attach_user_policy", facts{typeUID: 300107, status: "Success", actorType: "AssumedRole", srcIP: "198.51.100.23",
		userName: "svc-backup", policyUID: "arn:aws:iam::aws:policy/AdministratorAccess"})
	f("iamuser_create_access_key_ipv6", facts{typeUID: 300101, status: "Success", actorType: "IAMUser", srcIP: "2001:db8::1f", userName: "svc-backup"})
	f("assumedrole_put_role_policy", facts{typeUID: 300107, status: "Success", actorType: "AssumedRole", srcIP: "198.51.100.23", userName: "app-runtime"})
	f("role_describe_instances", facts{typeUID: 600302, status: "Success", actorType: "Role", srcDomain: "AWS Internal"})
	f("assumedrole_access_denied", facts{typeUID: 600302, status: "Failure", actorType: "AssumedRole", srcIP: "192.0.2.200"})
	f("federateduser_get_caller_identity", facts{typeUID: 600302, status: "Success", actorType: "FederatedUser", srcIP: "203.0.113.9"})
	f("awsaccount_kms_decrypt_vpce", facts{typeUID: 600399, status: "Success", actorType: "AWSAccount", srcIP: "10.0.12.34"})
	f("identitycenteruser_list_applications", facts{typeUID: 600302, status: "Success", actorType: "IdentityCenterUser", srcIP: "192.0.2.61"})
	f("iamuser_run_instances_utc_time", facts{typeUID: 600301, status: "Success", actorType: "IAMUser", srcIP: "198.51.100.23"})
	f("assumedrole_s3_get_object_data_event", facts{typeUID: 600302, status: "Success", actorType: "AssumedRole", srcIP: "198.51.100.41"})
	f("assumedrole_lambda_invoke_data_event", facts{typeUID: 600399, status: "Success", actorType: "AssumedRole", srcDomain: "apigateway.amazonaws.com"})
}

func TestMapCloudTrailFields(t *testing.T) {
	samples := cloudTrailSamples(t)

	ev, meta := mustMapCloudTrail(t, samples["iamuser_run_instances_utc_time"])
	if want := time.Date(2025, 1, 21, 17, 49, 47, 0, time.UTC).UnixMilli(); ev.Time != want || ev.TimeDt != want {
		t.Errorf("time %d / time_dt %d, want %d", ev.Time, ev.TimeDt, want)
	}
	if meta.Region != "us-west-2" || meta.AccountID != "111122223333" {
		t.Errorf("meta %+v", meta)
	}
	if len(ev.Resources) != 2 || ev.Resources[1].UID != "arn:aws:ec2:us-west-2:111122223333:instance/i-0aaaaaaaaaaaaaaa2" ||
		ev.Resources[1].Type != "AWS::EC2::Instance" || ev.Resources[1].Owner.Account.UID != "111122223333" {
		t.Errorf("resources %+v", ev.Resources)
	}
	wantObservables := []Observable{
		{Name: "src_endpoint.ip", Value: "198.51.100.23", Type: "IP Address", TypeID: 2},
		{Name: "actor.user.name", Value: "bob", Type: "User Name", TypeID: 4},
		{Name: "actor.user.uid", Value: "arn:aws:iam::111122223333:user/bob", Type: "Resource UID", TypeID: 10},
		{Name: "resources.uid", Value: "arn:aws:ec2:us-west-2:111122223333:instance/i-0aaaaaaaaaaaaaaa1", Type: "Resource UID", TypeID: 10},
		{Name: "resources.uid", Value: "arn:aws:ec2:us-west-2:111122223333:instance/i-0aaaaaaaaaaaaaaa2", Type: "Resource UID", TypeID: 10},
	}
	if !reflect.DeepEqual(ev.Observables, wantObservables) {
		t.Errorf("observables %+v", ev.Observables)
	}
	var request map[string]any
	if err := json.Unmarshal([]byte(ev.API.Request.Data), &request); err != nil || request["instanceType"] != "p5.48xlarge" {
		t.Errorf("api.request.data %q: %v", ev.API.Request.Data, err)
	}
	if !strings.HasPrefix(ev.API.Request.Data, `{"instancesSet":{"items":[{"imageId":"ami-0123456789abcdef0","minCount":2,`) {
		t.Errorf("api.request.data lost the input's key order: %s", ev.API.Request.Data)
	}

	ev, meta = mustMapCloudTrail(t, samples["awsaccount_kms_decrypt_vpce"])
	if ev.SrcEndpoint.UID != "vpce-0a1b2c3d4e5f67890" || ev.Unmapped["vpcEndpointAccountId"] != "444455556666" {
		t.Errorf("src_endpoint %+v, unmapped %v", ev.SrcEndpoint, ev.Unmapped)
	}
	if meta.AccountID != "111122223333" {
		t.Errorf("AccountID %q, want recipientAccountId", meta.AccountID)
	}

	ev, _ = mustMapCloudTrail(t, samples["identitycenteruser_list_applications"])
	user := ev.Actor.User
	if user.UIDAlt != "94482488-3041-7026-18f3-be45837cd0e4" || !strings.HasPrefix(user.CredentialUID, "EXAMPLE") ||
		ev.Actor.IDP == nil || ev.Actor.IDP.UID != "arn:aws:identitystore::111122223333:identitystore/d-9067642ac7" {
		t.Errorf("identity center actor %+v idp %+v", user, ev.Actor.IDP)
	}

	ev, _ = mustMapCloudTrail(t, samples["assumedrole_access_denied"])
	if ev.API.Response.Error != "AccessDenied" || !strings.Contains(ev.API.Response.Message, "iam:ListUsers") || ev.API.Response.Data != "" {
		t.Errorf("api.response %+v", ev.API.Response)
	}
	session := ev.Actor.Session
	if session == nil || session.IsMFA == nil || *session.IsMFA || session.Issuer != "arn:aws:iam::111122223333:role/dev-ec2-role" ||
		session.CreatedTime != time.Date(2024, 5, 14, 14, 31, 8, 0, time.UTC).UnixMilli() || session.CreatedTimeDt != session.CreatedTime {
		t.Errorf("actor.session %+v", session)
	}
	if ev.Unmapped["userIdentity.sessionContext.ec2RoleDelivery"] != "2.0" {
		t.Errorf("unmapped %v", ev.Unmapped)
	}

	ev, _ = mustMapCloudTrail(t, samples["webidentityuser_assume_role_with_web_identity"])
	if ev.Actor.IDP == nil || ev.Actor.IDP.Name != "token.actions.githubusercontent.com" {
		t.Errorf("actor.idp %+v", ev.Actor.IDP)
	}
	if want := time.Date(2024, 5, 14, 11, 30, 0, 123e6, time.UTC).UnixMilli(); ev.Time != want {
		t.Errorf("time %d, want %d", ev.Time, want)
	}
}

// TestCloudTrailUnmapped checks the flattening rules on a record with every
// kind of value.
func TestCloudTrailUnmapped(t *testing.T) {
	raw := []byte(`{
		"eventTime": "2024-01-02T03:04:05Z", "eventName": "GetThing", "readOnly": true, "managementEvent": false,
		"count": 1.50, "big": 1e3, "gone": null, "tags": ["a", {"b": 1}], "empty": {}, "emptyList": [],
		"escaped\u002ekey": "caf\u00e9",
		"userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/x", "extra": {"deep": {"er": "v"}, "n": null},
			"sessionContext": {"attributes": {"creationDate": "not a time", "mfaAuthenticated": "maybe"}}},
		"requestParameters": {"z": 1, "a": [true, null]},
		"resources": [{"ARN": "arn:aws:s3:::bucket", "ARNPrefix": "arn:aws:s3:::bucket/logs/"}],
		"additionalEventData": {"MFAUsed": "Yes"}
	}`)
	ev, _ := mustMapCloudTrail(t, raw)
	want := map[string]string{
		"readOnly":                   "true",
		"managementEvent":            "false",
		"count":                      "1.50",
		"big":                        "1e3",
		"tags":                       `["a",{"b":1}]`,
		"emptyList":                  "[]",
		"escaped.key":                "café",
		"userIdentity.extra.deep.er": "v",
		"userIdentity.sessionContext.attributes.creationDate":     "not a time",
		"userIdentity.sessionContext.attributes.mfaAuthenticated": "maybe",
		"resources":                   `[{"ARN":"arn:aws:s3:::bucket","ARNPrefix":"arn:aws:s3:::bucket/logs/"}]`,
		"additionalEventData.MFAUsed": "Yes", // MFAUsed maps to is_mfa only in Authentication
		"additionalEventData":         `{"MFAUsed":"Yes"}`,
		"empty":                       "{}",
	}
	if !reflect.DeepEqual(ev.Unmapped, want) {
		t.Errorf("unmapped:\n got  %v\n want %v", ev.Unmapped, want)
	}
	if ev.API.Request.Data != `{"z":1,"a":[true,null]}` {
		t.Errorf("api.request.data %s", ev.API.Request.Data)
	}
	if ev.Actor.Session != nil {
		t.Errorf("actor.session %+v from unparseable attributes", ev.Actor.Session)
	}
	if len(ev.Resources) != 1 || ev.Resources[0].UID != "arn:aws:s3:::bucket" {
		t.Errorf("resources %+v", ev.Resources)
	}
}

// TestCloudTrailKeepsRawValues checks that unmapped keeps what the raw
// views (cloudtrail_logs) need and the OCSF columns cannot give back: each
// case maps a record and lists the unmapped entries it must have, "" for
// an entry it must not have.
func TestCloudTrailKeepsRawValues(t *testing.T) {
	const none = "<none>"
	f := func(name, members string, want map[string]string) {
		t.Helper()
		ev, _ := mustMapCloudTrail(t, []byte(`{"eventTime": "2024-01-02T03:04:05Z", `+members+`}`))
		for key, value := range want {
			got, ok := ev.Unmapped[key]
			if value == none && ok || value != none && (!ok || got != value) {
				t.Errorf("%s: unmapped[%q] = %q (present %t), want %q", name, key, got, ok, value)
			}
		}
	}
	f("canonical eventTime is the column", `"eventName": "X"`, map[string]string{"eventTime": none})
	f("eventTime in another spelling", `"eventTime": "2024-01-02 03:04:05"`, map[string]string{"eventTime": "2024-01-02 03:04:05"})
	f("empty string", `"eventVersion": "", "userAgent": ""`, map[string]string{"eventVersion": "", "userAgent": ""})
	f("IPv6 spelling", `"sourceIPAddress": "2001:DB8::1"`, map[string]string{"sourceIPAddress": "2001:DB8::1"})
	f("IPv4 is the column", `"sourceIPAddress": "192.0.2.1"`, map[string]string{"sourceIPAddress": none})
	f("fallback stays", `"userIdentity": {"onBehalfOf": {"userId": "u-1"}, "credentialId": "c-1"}`,
		map[string]string{"userIdentity.onBehalfOf.userId": "u-1", "userIdentity.credentialId": "c-1"})
	f("member equal to its fallback stays", `"userIdentity": {"principalId": "u-1", "onBehalfOf": {"userId": "u-1"}}`,
		map[string]string{"userIdentity.principalId": "u-1", "userIdentity.onBehalfOf.userId": "u-1"})
	f("member other than its fallback is the column", `"userIdentity": {"principalId": "p-1", "onBehalfOf": {"userId": "u-1"}}`,
		map[string]string{"userIdentity.principalId": none})
	f("creationDate in another spelling",
		`"userIdentity": {"sessionContext": {"attributes": {"creationDate": "2024-01-02T03:04:05.000Z"}}}`,
		map[string]string{"userIdentity.sessionContext.attributes.creationDate": "2024-01-02T03:04:05.000Z"})
	f("empty objects", `"userIdentity": {"type": "IAMUser", "sessionContext": {"sessionIssuer": {}, "webIdFederationData": {"x": null}}}`,
		map[string]string{"userIdentity.sessionContext.sessionIssuer": "{}", "userIdentity.sessionContext.webIdFederationData": `{"x":null}`})
	f("empty resources", `"resources": []`, map[string]string{"resources": "[]"})
	f("resource with an empty value", `"resources": [{"ARN": "", "type": "T"}]`, map[string]string{"resources": `[{"ARN":"","type":"T"}]`})
	f("JSON text of details", `"serviceEventDetails": {"b": 1, "a": true}, "edgeDeviceDetails": {"x": "y"}`,
		map[string]string{"serviceEventDetails": `{"b":1,"a":true}`, "serviceEventDetails.b": "1", "edgeDeviceDetails": `{"x":"y"}`})
}

func TestMapCloudTrailErrors(t *testing.T) {
	f := func(raw, wantErr string) {
		t.Helper()
		_, _, err := MapCloudTrail([]byte(raw))
		if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("MapCloudTrail(%.40q) error %v, want it to contain %q", raw, err, wantErr)
		}
	}
	f(``, "unexpected end of input")
	f(`{"eventTime": "2024-01-02T03:04:05Z"`, "unexpected end of input")
	f(`{"eventTime": "2024-01-02T03:04:05Z"} x`, `unexpected 'x' after the top-level value`)
	f(`{"eventTime": '2024'}`, "unexpected '\\''")
	f(`[{"eventTime": "2024-01-02T03:04:05Z"}]`, "CloudTrail record is a JSON array, not an object")
	f(`"{}"`, "is a JSON string, not an object")
	f(`{"eventName": "ConsoleLogin"}`, "missing eventTime")
	f(`{"eventTime": null}`, "missing eventTime")
	f(`{"eventTime": 1700000000}`, "cannot parse eventTime 1700000000: not a string")
	f(`{"eventTime": "redacted"}`, `cannot parse eventTime "redacted": want RFC 3339`)
	f(`{"eventTime": "..."}`, `cannot parse eventTime "..."`)
	f(`{"eventTime": "2024-13-40T03:04:05Z"}`, `cannot parse eventTime "2024-13-40T03:04:05Z"`)
	f(`{"eventTime": "2024-01-02T03:04:05Z", "eventCategory": "Insight", "insightDetails": {}}`, "a CloudTrail Insights event")
	f(`{"eventTime": "2024-01-02T03:04:05Z", "eventType": "AwsCloudTrailInsight"}`, "a CloudTrail Insights event")
	f(`{"@timestamp": "yesterday"}`, `missing eventTime, and cannot parse @timestamp "yesterday"`)
	f(`{"@timestamp": 1700000000000}`, "missing eventTime, and @timestamp 1700000000000 is not a string")
	f(`{"a": "\x"}`, "bad escape")
	f(`{"a": "`+"\x01"+`"}`, "control character")
	f(`{"a": 01}`, "unexpected '1'")
	f(strings.Repeat("[", maxJSONDepth+2), "nested deeper than")
}

func TestParseEventTime(t *testing.T) {
	f := func(s string, want time.Time) {
		t.Helper()
		got, err := ParseEventTime(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseEventTime(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	f("2023-03-17T17:07:59Z", time.Date(2023, 3, 17, 17, 7, 59, 0, time.UTC))
	f("2023-03-17T17:07:59.123456Z", time.Date(2023, 3, 17, 17, 7, 59, 123456000, time.UTC))
	f("2023-03-17T13:07:59-04:00", time.Date(2023, 3, 17, 17, 7, 59, 0, time.UTC))
	f("2025-01-21 17:49:47.000000000", time.Date(2025, 1, 21, 17, 49, 47, 0, time.UTC))
	f("2022-11-21 18:06:52", time.Date(2022, 11, 21, 18, 6, 52, 0, time.UTC))
	f("20131102T010628Z", time.Date(2013, 11, 2, 1, 6, 28, 0, time.UTC))
	f("1999-12-31T23:59:59Z", time.Date(1999, 12, 31, 23, 59, 59, 0, time.UTC)) // implausible, but parsed: the lake decides
	for _, bad := range []string{"", "redacted", "...", "2024-01-02", "2024-01-02T03:04:05", "17:49:47"} {
		if _, err := ParseEventTime(bad); err == nil {
			t.Errorf("ParseEventTime(%q) succeeded", bad)
		}
	}
}

// TestCloudTrailKey: one event delivered in different JSON forms has one
// key; any change of content changes it.
func TestCloudTrailKey(t *testing.T) {
	raw := cloudTrailSamples(t)["root_console_login_mfa"]
	_, meta := mustMapCloudTrail(t, raw)
	keyOf := func(b []byte) [16]byte {
		t.Helper()
		_, m := mustMapCloudTrail(t, b)
		return m.Key
	}
	same := func(form string, b []byte) {
		t.Helper()
		if keyOf(b) != meta.Key {
			t.Errorf("%s form has another key", form)
		}
	}
	differs := func(change string, b []byte) {
		t.Helper()
		if keyOf(b) == meta.Key {
			t.Errorf("%s keeps the key", change)
		}
	}

	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		t.Fatal(err)
	}
	same("compact", compact.Bytes())
	var tabs bytes.Buffer
	if err := json.Indent(&tabs, compact.Bytes(), "", "\t"); err != nil {
		t.Fatal(err)
	}
	same("tab-indented", tabs.Bytes())

	// Marshalling a map sorts keys (the input is not sorted) and escapes
	// '&' in LoginTo as \u0026.
	var decoded map[string]any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	reordered, err := json.Marshal(decoded)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(reordered, []byte(`\u0026`)) {
		t.Fatal("test premise: reordered form should escape '&'")
	}
	same("key-sorted and escaped", reordered)
	same("\\u-escaped", bytes.ReplaceAll(raw, []byte(`"Root"`), []byte(`"\u0052oot"`)))
	same("\\/-escaped", bytes.ReplaceAll(raw, []byte(`https://`), []byte(`https:\/\/`)))

	// A lookup-events CloudTrailEvent string holds the record as JSON text.
	envelope, err := json.Marshal(map[string]string{"CloudTrailEvent": compact.String()})
	if err != nil {
		t.Fatal(err)
	}
	var lookup struct{ CloudTrailEvent string }
	if err := json.Unmarshal(envelope, &lookup); err != nil {
		t.Fatal(err)
	}
	same("lookup-events", []byte(lookup.CloudTrailEvent))

	differs("changed IP", bytes.ReplaceAll(raw, []byte("203.0.113.45"), []byte("203.0.113.46")))
	differs("changed boolean", bytes.Replace(raw, []byte(`"readOnly": false`), []byte(`"readOnly": true`), 1))
	differs("number written differently", bytes.Replace(raw, []byte(`"readOnly": false`), []byte(`"readOnly": 0`), 1))
	differs("added member", bytes.Replace(raw, []byte(`{`), []byte(`{"addendum": {"reason": "DELIVERY_DELAY"},`), 1))
	differs("key moved into another object", bytes.Replace(raw, []byte(`"MFAUsed": "Yes"`), []byte(`"MFAUsed": "Yes", "readOnly": false`), 1))
}

// TestJSONTreeMatchesEncodingJSON checks the scanner against encoding/json
// on inputs around the grammar's corners.
func TestJSONTreeMatchesEncodingJSON(t *testing.T) {
	f := func(input string) {
		t.Helper()
		var tree jsonTree
		err := tree.parse([]byte(input))
		if valid := json.Valid([]byte(input)); valid != (err == nil) {
			t.Errorf("%q: encoding/json valid=%v, parse error %v", input, valid, err)
			return
		}
		if err != nil {
			return
		}
		var want bytes.Buffer
		if err := json.Compact(&want, []byte(input)); err != nil {
			t.Fatal(err)
		}
		var gotValue, wantValue any
		if err := json.Unmarshal(tree.appendCompact(nil, jsonRoot), &gotValue); err != nil {
			t.Errorf("%q: compact form %s is not JSON: %v", input, tree.appendCompact(nil, jsonRoot), err)
		}
		if err := json.Unmarshal(want.Bytes(), &wantValue); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotValue, wantValue) {
			t.Errorf("%q: compact form means %v, want %v", input, gotValue, wantValue)
		}
	}
	for _, input := range []string{
		`{}`, `[]`, ` {"a" : [ 1 , -0.5e+3 , true , false , null , "x" ] } `, `0`, `-0`, `1.`, `.5`, `01`, `1e`, `1E-2`,
		`"\u00e9\ud83d\ude00"`, `"\ud83d"`, `"\ude00x"`, `"\uZZZZ"`, `"\/\b\f\n\r\t\"\\"`, "\"tab\there\"", "\"\xff\"",
		`{"a":1,}`, `[1,]`, `{"a" 1}`, `{1:2}`, `nul`, `truex`, `[`, `{"a":`, `"abc`, `{"a":{"b":{"c":[[[]]]}}}`,
	} {
		f(input)
	}
	// Strings are scanned eight bytes at a time: put each kind of special
	// byte at every offset of a long string.
	for _, special := range []string{`\"`, `\\`, `\u0041`, "\x01", "\x1f", "é", "\xff", `"`} {
		for offset := range 17 {
			f(`"` + strings.Repeat("a", offset) + special + strings.Repeat("b", 17-offset) + `"`)
		}
	}
}

// compactSamples are the samples as S3 deliveries hold them: compact JSON.
func compactSamples(b *testing.B) (records [][]byte, size int64) {
	b.Helper()
	for _, raw := range cloudTrailSamples(b) {
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			b.Fatal(err)
		}
		records = append(records, compact.Bytes())
		size += int64(compact.Len())
	}
	return records, size
}

func BenchmarkMapCloudTrail(b *testing.B) {
	records, size := compactSamples(b)
	b.SetBytes(size)
	b.ReportAllocs()
	cpuBefore, cpuKnown := processCPUTime()
	for b.Loop() {
		for _, raw := range records {
			if _, _, err := MapCloudTrail(raw); err != nil {
				b.Fatal(err)
			}
		}
	}
	events := float64(b.N) * float64(len(records))
	b.ReportMetric(events/b.Elapsed().Seconds(), "events/s")
	if cpuAfter, ok := processCPUTime(); ok && cpuKnown && cpuAfter > cpuBefore {
		b.ReportMetric(events/(cpuAfter-cpuBefore).Seconds(), "events/cpu-s")
	}
}

// BenchmarkDecodeCloudTrailEncodingJSON is the yardstick beside
// BenchmarkMapCloudTrail: only decoding the same records into map[string]any
// with encoding/json, no mapping, no key.
func BenchmarkDecodeCloudTrailEncodingJSON(b *testing.B) {
	records, size := compactSamples(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, raw := range records {
			var record map[string]any
			if err := json.Unmarshal(raw, &record); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N)*float64(len(records))/b.Elapsed().Seconds(), "events/s")
}
