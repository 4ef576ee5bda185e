package ocsf

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzMapCloudTrail: MapCloudTrail never panics, accepts nothing that
// encoding/json rejects, emits valid JSON in the data columns, and maps
// a record re-indented to the same row and key.
func FuzzMapCloudTrail(f *testing.F) {
	for _, raw := range cloudTrailSamples(f) {
		f.Add(raw)
	}
	f.Add([]byte(`{"eventTime":"2022-11-21 18:06:52","eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Failure"}}`))
	f.Add([]byte(`{"eventTime":"2024-01-02T03:04:05Z","requestParameters":"\ud83d\ude00\u0000","resources":[1,{"ARN":2}],"userIdentity":[]}`))
	f.Add([]byte(`{"eventTime":"redacted"}`))
	f.Add([]byte(`{"eventTime":null,"a":{"b":[{}]}}`))
	f.Add([]byte(`[{"eventTime":"2024-01-02T03:04:05Z"}]`))
	f.Add([]byte(`{"@timestamp":"2024-01-02T03:04:05.5Z","network":{"client":{"ip":"::ffff:1.2.3.4"}},"http.useragent":"x","http":{"useragent":7}}`))
	f.Add([]byte(`{"eventTime":"2024-01-02T03:04:05Z","eventSource":"s3.amazonaws.com","managementEvent":"false","eventCategory":null}`))
	f.Add([]byte(`{"eventTime":"2024-01-02T03:04:05Z","eventType":"AwsCloudTrailInsight","insightDetails":{}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		ev, meta, err := MapCloudTrail(raw)
		if err != nil {
			return
		}
		if !json.Valid(raw) {
			t.Fatalf("accepted invalid JSON %q", raw)
		}
		for _, data := range []string{requestData(ev), responseData(ev)} {
			if data != "" && !json.Valid([]byte(data)) {
				t.Fatalf("data column %q is not JSON", data)
			}
		}
		var indented bytes.Buffer
		if err := json.Indent(&indented, raw, "", "  "); err != nil {
			t.Fatalf("encoding/json cannot indent accepted input: %v", err)
		}
		again, againMeta, err := MapCloudTrail(indented.Bytes())
		if err != nil {
			t.Fatalf("indented form rejected: %v", err)
		}
		if againMeta != meta || !reflect.DeepEqual(again, ev) {
			t.Fatalf("indented form maps differently:\n%+v\n%+v", ev, again)
		}
	})
}

func requestData(ev CloudTrailEvent) string {
	if ev.API.Request == nil {
		return ""
	}
	return ev.API.Request.Data
}

func responseData(ev CloudTrailEvent) string {
	if ev.API.Response == nil {
		return ""
	}
	return ev.API.Response.Data
}
