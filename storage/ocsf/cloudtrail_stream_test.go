package ocsf

import (
	"testing"
	"time"
)

// Events are sorted into Security Lake's CloudTrail sources by
// eventCategory, or managementEvent where eventCategory is older than the
// record, and then by service.
func TestCloudTrailStream(t *testing.T) {
	f := func(fields string, want CloudTrailStream) {
		t.Helper()
		_, meta := mustMapCloudTrail(t, []byte(`{"eventTime":"2024-03-05T10:00:00Z",`+fields+`}`))
		if meta.Stream != want {
			t.Errorf("%s: %s, want %s", fields, meta.Stream, want)
		}
	}
	samples := cloudTrailSamples(t)
	for name, want := range map[string]CloudTrailStream{
		"assumedrole_s3_get_object_data_event": S3DataEvents,
		"assumedrole_lambda_invoke_data_event": LambdaDataEvents,
		"role_describe_instances":              ManagementEvents,
		"root_console_login_mfa":               ManagementEvents,
	} {
		if _, meta := mustMapCloudTrail(t, samples[name]); meta.Stream != want {
			t.Errorf("%s: %s, want %s", name, meta.Stream, want)
		}
	}
	f(`"eventSource":"s3.amazonaws.com","eventName":"PutObject","eventCategory":"Data","managementEvent":false`, S3DataEvents)
	f(`"eventSource":"lambda.amazonaws.com","eventName":"Invoke","eventCategory":"Data"`, LambdaDataEvents)
	// Before eventVersion 1.08 only managementEvent tells a data event.
	f(`"eventVersion":"1.07","eventSource":"s3.amazonaws.com","eventName":"GetObject","managementEvent":false`, S3DataEvents)
	f(`"eventSource":"s3.amazonaws.com","eventName":"GetObject","managementEvent":"false"`, S3DataEvents)
	// A record older still says nothing: a management event, as it was.
	f(`"eventVersion":"1.05","eventSource":"s3.amazonaws.com","eventName":"GetObject"`, ManagementEvents)
	// eventCategory decides where both are present.
	f(`"eventSource":"s3.amazonaws.com","eventName":"GetObject","eventCategory":"Management","managementEvent":false`, ManagementEvents)
	f(`"eventSource":"s3.amazonaws.com","eventName":"ListBuckets","eventCategory":"Management","managementEvent":true`, ManagementEvents)
	// Management calls of the two services stay management events.
	f(`"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy","managementEvent":true`, ManagementEvents)
	f(`"eventSource":"lambda.amazonaws.com","eventName":"CreateFunction20150331","eventCategory":"Management"`, ManagementEvents)
	// Security Lake collects no other data events and no network
	// activity events: lakehunt keeps them with the management events.
	f(`"eventSource":"dynamodb.amazonaws.com","eventName":"GetItem","eventCategory":"Data","managementEvent":false`, ManagementEvents)
	f(`"eventSource":"s3express.amazonaws.com","eventName":"GetObject","eventCategory":"Data","managementEvent":false`, ManagementEvents)
	f(`"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","eventCategory":"NetworkActivity","managementEvent":false`, ManagementEvents)
}

// Log shippers move fields: lakehunt reads '@timestamp' for a missing
// eventTime and Datadog's network.client.ip and http.useragent for a
// missing sourceIPAddress and userAgent, nested or as dotted keys. The
// moved address and agent are mapped, not repeated in unmapped; the
// shipper's '@timestamp' stays there, to tell where the time came from.
func TestCloudTrailShipperFallbacks(t *testing.T) {
	ev, _ := mustMapCloudTrail(t, []byte(`{"@timestamp":"2024-03-05T10:00:01.250Z","@version":"1","eventName":"ListBuckets",
		"network":{"client":{"ip":"203.0.113.7","geoip":{"country_iso_code":"NL"}}},"http":{"useragent":"aws-cli/2.15.0"}}`))
	if got := time.UnixMilli(ev.Time).UTC(); !got.Equal(time.Date(2024, 3, 5, 10, 0, 1, 250e6, time.UTC)) {
		t.Errorf("time %s, want @timestamp", got)
	}
	if ev.SrcEndpoint.IP != "203.0.113.7" || ev.HTTPRequest == nil || ev.HTTPRequest.UserAgent != "aws-cli/2.15.0" {
		t.Errorf("address %q, user agent %+v", ev.SrcEndpoint.IP, ev.HTTPRequest)
	}
	want := map[string]string{"@timestamp": "2024-03-05T10:00:01.250Z", "@version": "1", "network.client.geoip.country_iso_code": "NL"}
	if len(ev.Unmapped) != len(want) {
		t.Errorf("unmapped %v, want %v", ev.Unmapped, want)
	}
	for k, v := range want {
		if ev.Unmapped[k] != v {
			t.Errorf("unmapped[%s] = %q, want %q", k, ev.Unmapped[k], v)
		}
	}

	ev, _ = mustMapCloudTrail(t, []byte(`{"eventTime":"2024-03-05T10:00:00Z","network.client.ip":"2001:db8::7","http.useragent":"Boto3/1.34.0"}`))
	if ev.SrcEndpoint.IP != "2001:db8::7" || ev.HTTPRequest == nil || ev.HTTPRequest.UserAgent != "Boto3/1.34.0" || len(ev.Unmapped) != 0 {
		t.Errorf("dotted keys: address %q, user agent %+v, unmapped %v", ev.SrcEndpoint.IP, ev.HTTPRequest, ev.Unmapped)
	}

	// CloudTrail's own fields win: the shipper's copies stay in unmapped.
	ev, _ = mustMapCloudTrail(t, []byte(`{"eventTime":"2024-03-05T10:00:00Z","@timestamp":"2024-03-05T10:05:00Z",
		"sourceIPAddress":"198.51.100.1","userAgent":"console.amazonaws.com","network":{"client":{"ip":"203.0.113.7"}}}`))
	if !time.UnixMilli(ev.Time).UTC().Equal(time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)) || ev.SrcEndpoint.IP != "198.51.100.1" ||
		ev.HTTPRequest.UserAgent != "console.amazonaws.com" || ev.Unmapped["network.client.ip"] != "203.0.113.7" {
		t.Errorf("CloudTrail fields did not win: time %d, address %q, %+v, unmapped %v", ev.Time, ev.SrcEndpoint.IP, ev.HTTPRequest, ev.Unmapped)
	}
}
