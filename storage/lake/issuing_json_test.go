package lake

import (
	"encoding/json"
	"strings"
	"testing"
)

// A copy keeps of a document the members on the paths a trace reads, each
// value as written, and the whole document when it is not one object or
// names a member on the way twice.
func TestKeepJSONPaths(t *testing.T) {
	f := func(doc string, paths []string, want string) {
		t.Helper()
		if got := keepJSONPaths(doc, splitPaths(paths)); got != want {
			t.Errorf("keepJSONPaths(%q, %v) = %q, want %q", doc, paths, got, want)
		}
	}
	response := `{"credentials":{"accessKeyId":"ASIAZVABCORSKUKMR2ZI","sessionToken":"ZLYRtgLW73bJe1yg","expiration":"Jan 6, 2025, 1:07:48 AM"},` +
		`"assumedRoleUser":{"assumedRoleId":"AROAOZ2O4KJYXQNKPGWOK:i-62b23eacf898d77ac","arn":"arn:aws:sts::348803983473:assumed-role/orders-api-role/i-62b23eacf898d77ac"}}`
	f(response, IssuingResponsePaths, `{"credentials":{"accessKeyId":"ASIAZVABCORSKUKMR2ZI","expiration":"Jan 6, 2025, 1:07:48 AM"}}`)
	f(`{"roleArn":"arn:aws:iam::1:role/r","roleSessionName":"s","durationSeconds":3600}`, IssuingRequestPaths, `{"durationSeconds":3600}`)
	f(`{"federatedUser": {"federatedUserId": "1:bob", "arn": "arn:aws:sts::1:federated-user/bob"}, "sourceIdentity" : "alice"}`, IssuingResponsePaths,
		`{"federatedUser":{"arn":"arn:aws:sts::1:federated-user/bob"},"sourceIdentity":"alice"}`)
	// Values are kept as written: numbers, escapes, nested documents.
	f(`{"durationSeconds": 3600.0, "name": "b\u006fb", "sourceIdentity": {"a": [1, 2]}}`, IssuingRequestPaths,
		`{"durationSeconds":3600.0,"name":"b\u006fb","sourceIdentity":{"a": [1, 2]}}`)
	// A member that is not an object holds none of the paths below it.
	f(`{"credentials":"redacted","x":1}`, IssuingResponsePaths, `{"credentials":"redacted"}`)
	f(`{"roleArn":"arn"}`, IssuingRequestPaths, `{}`)
	// Kept whole.
	for _, doc := range []string{"", "null", `"x"`, "[1]", "{", `{"a":1} x`, `{"a":1}{}`, `{"credentials":{"accessKeyId":"a"`, `{"a":"\x"}`} {
		f(doc, IssuingResponsePaths, doc)
		f(doc, IssuingRequestPaths, doc)
	}
	// A member named twice is a reason when it is on a path.
	twice := `{"credentials":{"accessKeyId":"a","accessKeyId":"b"},"name":"a","name":"b","x":1,"x":2}`
	f(twice, IssuingResponsePaths, twice)
	f(twice, IssuingRequestPaths, twice)
	f(`{"credentials":{"accessKeyId":"a","sessionToken":"t","sessionToken":"u"},"x":1,"x":2}`, IssuingResponsePaths, `{"credentials":{"accessKeyId":"a"}}`)
	// Names are compared unescaped.
	f(`{"dur\u0061tionSeconds":60,"n\u0061me":"a\"b"}`, IssuingRequestPaths, `{"durationSeconds":60,"name":"a\"b"}`)
}

// FuzzKeepJSONPaths: what a copy keeps reads, on every path it keeps, as
// the whole document does.
func FuzzKeepJSONPaths(f *testing.F) {
	f.Add(`{"credentials":{"accessKeyId":"ASIA","sessionToken":"t","expiration":"Jan 6, 2025, 1:07:48 AM"},"assumedRoleUser":{"arn":"a"}}`)
	f.Add(`{"durationSeconds":3600,"roleArn":"r","name":"n","sourceIdentity":"s"}`)
	f.Add(`{"credentials":[1],"federatedUser":null}`)
	f.Add(`{"a":{"b":{"c":1}},"sourceIdentity":"x","sourceIdentity":"y"}`)
	f.Add(`{"cred\u0065ntials":{"expiration":"a\"b","x":[{"}":"]"}]},"name":-1.5e3}`)
	f.Fuzz(func(t *testing.T, doc string) {
		for _, paths := range [][]string{IssuingRequestPaths, IssuingResponsePaths} {
			kept := keepJSONPaths(doc, splitPaths(paths))
			if kept == doc {
				continue
			}
			for _, p := range paths {
				before, okBefore := lookupJSONPath(doc, p)
				after, okAfter := lookupJSONPath(kept, p)
				if okBefore != okAfter || before != after {
					t.Fatalf("%q kept as %q: %s is %q (%v) before and %q (%v) after", doc, kept, p, before, okBefore, after, okAfter)
				}
			}
		}
	})
}

// lookupJSONPath is the value at a dotted path of doc, as JSON text.
func lookupJSONPath(doc, path string) (string, bool) {
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return "", false
	}
	for _, name := range strings.Split(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		if v, ok = obj[name]; !ok {
			return "", false
		}
	}
	b, err := json.Marshal(v)
	return string(b), err == nil
}

// BenchmarkKeepJSONPaths cuts an AssumeRole call's request and response
// as the medium bench data writes them.
func BenchmarkKeepJSONPaths(b *testing.B) {
	request := `{"roleArn":"arn:aws:iam::348803983473:role/orders-api-role","roleSessionName":"i-62b23eacf898d77ac","durationSeconds":3600}`
	response := `{"credentials":{"accessKeyId":"ASIAZVABCORSKUKMR2ZI","sessionToken":"ZLYRtgLW73bJe1ygltO1Fm7Det8q0PZSZqbTYqtCLyxJLlOlWLqlG4YjwyiTZMos","expiration":"Jan 6, 2025, 1:07:48 AM"},` +
		`"assumedRoleUser":{"assumedRoleId":"AROAOZ2O4KJYXQNKPGWOK:i-62b23eacf898d77ac","arn":"arn:aws:sts::348803983473:assumed-role/orders-api-role/i-62b23eacf898d77ac"}}`
	b.ReportAllocs()
	for b.Loop() {
		keepJSONPaths(request, issuingDocuments["api.request.data"])
		keepJSONPaths(response, issuingDocuments["api.response.data"])
	}
}
