package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// testNow is the pinned clock of the small lake's tests: its events fall
// in the week before it, and a few a month before.
var testNow = time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC)

// writeTableFile writes rows as one Parquet file of the table's partition,
// sorted by time as the lake writer does, with at most perGroup rows per
// row group, and opts beside.
func writeTableFile[T any](t testing.TB, root string, table lake.Table, p lake.Partition, name string, rows []T, perGroup int64, opts ...parquet.WriterOption) string {
	t.Helper()
	dir := p.Dir(root, table)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+lake.DataFileSuffix)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewGenericWriter[T](f, append([]parquet.WriterOption{parquet.Compression(&zstd.Codec{}), parquet.MaxRowsPerRowGroup(perGroup)}, opts...)...)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeLake lays events out in Security Lake partitions: one file per
// region, account and UTC day of the event.
func writeLake(t testing.TB, root string, trail []ocsf.CloudTrailEvent, flows []ocsf.FlowEvent) {
	t.Helper()
	ctParts := map[lake.Partition][]ocsf.CloudTrailEvent{}
	for _, ev := range trail {
		account := ""
		if ev.Actor.User != nil && ev.Actor.User.Account != nil {
			account = ev.Actor.User.Account.UID
		}
		p, err := lake.NewPartition(ev.Cloud.Region, account, time.UnixMilli(ev.TimeDt))
		if err != nil {
			t.Fatal(err)
		}
		ctParts[p] = append(ctParts[p], ev)
	}
	for p, evs := range ctParts {
		sort.Slice(evs, func(i, j int) bool { return evs[i].TimeDt < evs[j].TimeDt })
		writeTableFile(t, root, lake.CloudTrail, p, "ct-"+p.EventDay, evs, 1000)
	}
	flowParts := map[lake.Partition][]ocsf.FlowEvent{}
	for _, ev := range flows {
		account := ""
		if ev.Cloud.Account != nil {
			account = ev.Cloud.Account.UID
		}
		p, err := lake.NewPartition(ev.Cloud.Region, account, time.UnixMilli(ev.TimeDt))
		if err != nil {
			t.Fatal(err)
		}
		flowParts[p] = append(flowParts[p], ev)
	}
	for p, evs := range flowParts {
		sort.Slice(evs, func(i, j int) bool { return evs[i].TimeDt < evs[j].TimeDt })
		writeTableFile(t, root, lake.VPCFlow, p, "flow-"+p.EventDay, evs, 1000)
	}
}

// trailEvent is a compact description of a CloudTrail row for tests.
type trailEvent struct {
	at        time.Time
	region    string
	account   string
	service   string
	operation string
	errorCode string
	ip        string
	userAgent string
	request   string
	userARN   string
	resources []ocsf.Resource
	unmapped  map[string]string
}

func (e trailEvent) row(i int) ocsf.CloudTrailEvent {
	ms := e.at.UnixMilli()
	ev := ocsf.CloudTrailEvent{
		Metadata: ocsf.Metadata{
			Product:  ocsf.Product{Name: "CloudTrail", VendorName: "AWS", Version: "1.08", Feature: ocsf.Feature{Name: "Management"}},
			UID:      fmt.Sprintf("event-%02d", i),
			Profiles: []string{"cloud", "datetime"},
			Version:  "1.1.0",
		},
		Time:   ms,
		TimeDt: ms,
		Cloud:  ocsf.Cloud{Region: e.region, Provider: "AWS"},
		API: ocsf.API{
			Operation: e.operation,
			Service:   ocsf.APIService{Name: e.service},
			Request:   &ocsf.APIRequest{Data: e.request, UID: fmt.Sprintf("req-%02d", i)},
		},
		Actor: ocsf.Actor{User: &ocsf.ActorUser{
			Type: "IAMUser", Name: "alice", UID: e.userARN,
			Account: &ocsf.Account{UID: e.account}, CredentialUID: "AKIAEXAMPLE",
		}},
		HTTPRequest:  &ocsf.HTTPRequest{UserAgent: e.userAgent},
		SrcEndpoint:  ocsf.APIEndpoint{IP: e.ip},
		Resources:    e.resources,
		ClassName:    "API Activity",
		ClassUID:     6003,
		CategoryName: "Application Activity",
		CategoryUID:  6,
		SeverityID:   1,
		Severity:     "Informational",
		ActivityName: "Read",
		ActivityID:   2,
		TypeUID:      600302,
		TypeName:     "API Activity: Read",
		Status:       "Success",
		StatusID:     1,
		Unmapped:     e.unmapped,
		Observables: []ocsf.Observable{
			{Name: "src_endpoint.ip", Value: e.ip, Type: "IP Address", TypeID: 2},
			{Name: "actor.user.name", Value: "alice", Type: "User Name", TypeID: 4},
		},
	}
	if e.errorCode != "" {
		ev.API.Response = &ocsf.APIResponse{Error: e.errorCode, Message: "denied: " + e.operation}
		ev.Status, ev.StatusID = "Failure", 2
	}
	return ev
}

// smallTrail is a week of CloudTrail activity in two regions and
// accounts, with the shapes the Athena queries look at.
func smallTrail() []ocsf.CloudTrailEvent {
	day := func(d, h int) time.Time { return time.Date(2024, 3, d, h, 17, 23, 456e6, time.UTC) }
	bucket := []ocsf.Resource{{UID: "arn:aws:s3:::logs", Type: "AWS::S3::Bucket", Owner: &ocsf.ResourceOwner{Account: &ocsf.Account{UID: "111122223333"}}}}
	keyAndRole := []ocsf.Resource{{UID: "arn:aws:kms:us-east-1:111122223333:key/1", Type: "AWS::KMS::Key"}, {UID: "arn:aws:iam::111122223333:role/r", Type: "AWS::IAM::Role"}}
	events := []trailEvent{
		{at: day(4, 9), region: "us-east-1", account: "111122223333", service: "s3.amazonaws.com", operation: "GetObject", ip: "10.1.2.3",
			userAgent: "aws-cli/2.15.0 Python/3.11", request: `{"bucketName":"logs","key":"a.txt","tags":{"k":"v"}}`, resources: bucket,
			userARN: "arn:aws:iam::111122223333:user/alice", unmapped: map[string]string{"recipientAccountId": "111122223333", "readOnly": "true"}},
		{at: day(4, 23), region: "us-east-1", account: "111122223333", service: "ec2.amazonaws.com", operation: "RunInstances", errorCode: "Client.UnauthorizedOperation",
			ip: "198.51.100.7", userAgent: "=HYPERLINK(\"http://evil\")", request: `{"instanceType":"t3.micro","count":2}`,
			userARN: "arn:aws:iam::111122223333:user/alice", unmapped: map[string]string{"recipientAccountId": "111122223333", "readOnly": "false"}},
		{at: day(5, 0), region: "us-east-1", account: "111122223333", service: "acm.amazonaws.com", operation: "RequestCertificate", ip: "2001:db8::42",
			userAgent: "console.amazonaws.com", request: `{"domainName":"example.com"}`, userARN: "arn:aws:iam::111122223333:user/bob",
			unmapped: map[string]string{"recipientAccountId": "111122223333"}},
		{at: day(6, 14), region: "eu-west-2", account: "444455556666", service: "kms.amazonaws.com", operation: "Decrypt", errorCode: "AccessDenied",
			ip: "203.0.113.9", userAgent: "+cmd|' /C calc'!A0", request: `not json`, resources: keyAndRole,
			userARN: "arn:aws:iam::444455556666:role/app", unmapped: map[string]string{"recipientAccountId": "444455556666"}},
		{at: day(7, 2), region: "eu-west-2", account: "444455556666", service: "acm-pca.amazonaws.com", operation: "IssueCertificate", ip: "2001:db8:ffff::1",
			userAgent: "Boto3/1.34.0", request: `{"certificateAuthorityArn":"arn:ca"}`, userARN: "arn:aws:iam::444455556666:role/app"},
		{at: day(8, 17), region: "us-east-1", account: "111122223333", service: "iam.amazonaws.com", operation: "CreateAccessKey", ip: "10.200.0.1",
			userAgent: "aws-cli/1.29.1", request: `{"userName":"mallory"}`, resources: keyAndRole, userARN: "arn:aws:iam::111122223333:user/alice",
			unmapped: map[string]string{"recipientAccountId": "111122223333", "requestParameters.userName": "mallory"}},
		{at: day(9, 11), region: "us-east-1", account: "111122223333", service: "ec2.amazonaws.com", operation: "DescribeInstances", errorCode: "Client.OperationNotPermitted",
			ip: "::ffff:10.9.8.7", userAgent: "-2+3", request: `{}`, userARN: "arn:aws:iam::111122223333:user/bob"},
		// A month earlier: outside every 7-day window.
		{at: time.Date(2024, 2, 9, 8, 0, 0, 0, time.UTC), region: "us-east-1", account: "111122223333", service: "acm.amazonaws.com", operation: "DeleteCertificate",
			ip: "192.0.2.1", userAgent: "@SUM(1+1)", request: `{"certificateArn":"arn:cert"}`, userARN: "arn:aws:iam::111122223333:user/alice"},
	}
	rows := make([]ocsf.CloudTrailEvent, len(events))
	for i, e := range events {
		rows[i] = e.row(i)
	}
	return rows
}

// smallFlows are VPC flow records in the same week.
func smallFlows() []ocsf.FlowEvent {
	i32 := func(v int32) *int32 { return &v }
	i64 := func(v int64) *int64 { return &v }
	flow := func(at time.Time, src, dst string, dport int32, bytes int64, accept bool) ocsf.FlowEvent {
		ms := at.UnixMilli()
		ev := ocsf.FlowEvent{
			Metadata:       ocsf.Metadata{Product: ocsf.Product{Name: "Amazon VPC", VendorName: "AWS", Version: "5", Feature: ocsf.Feature{Name: "Flowlogs"}}, Profiles: []string{"cloud", "security_control", "datetime"}, Version: "1.1.0"},
			Cloud:          ocsf.Cloud{Account: &ocsf.Account{UID: "111122223333"}, Region: "us-east-1", Provider: "AWS"},
			SrcEndpoint:    ocsf.NetworkEndpoint{IP: src, Port: i32(40000)},
			DstEndpoint:    ocsf.NetworkEndpoint{IP: dst, Port: i32(dport)},
			ConnectionInfo: ocsf.ConnectionInfo{ProtocolNum: i32(6), Direction: "Inbound", DirectionID: i32(1)},
			Traffic:        ocsf.Traffic{Packets: i64(3), Bytes: i64(bytes)},
			Time:           ms, TimeDt: ms, StartTime: ms, StartTimeDt: ms, EndTime: ms + 60000, EndTimeDt: ms + 60000,
			StatusCode: "OK", SeverityID: 1, Severity: "Informational",
			ClassName: "Network Activity", ClassUID: 4001, CategoryName: "Network Activity", CategoryUID: 4,
			ActivityName: "Traffic", ActivityID: 6, Action: "Allowed", ActionID: 1, Disposition: "Allowed", DispositionID: 1,
			TypeUID: 400106, TypeName: "Network Activity: Traffic",
			Unmapped: map[string]string{"sublocation_type": "-"},
		}
		if !accept {
			ev.ActivityName, ev.ActivityID, ev.Action, ev.ActionID, ev.Disposition, ev.DispositionID = "Refuse", 5, "Denied", 2, "Blocked", 2
			ev.TypeUID, ev.TypeName = 400105, "Network Activity: Refuse"
		}
		return ev
	}
	at := func(d, h int) time.Time { return time.Date(2024, 3, d, h, 5, 0, 0, time.UTC) }
	return []ocsf.FlowEvent{
		flow(at(4, 1), "198.51.100.23", "10.0.1.5", 22, 400, false),
		flow(at(5, 3), "198.51.7.1", "10.0.1.5", 443, 5000, true),
		flow(at(6, 5), "10.0.1.5", "203.0.113.50", 443, 12000, true),
		flow(at(8, 7), "2001:db8::7", "2001:db8:1::5", 80, 700, true),
		flow(at(9, 9), "198.51.100.200", "10.0.2.9", 3389, 60, false),
	}
}

// openSmallLake writes the small lake once per test and opens an engine on it.
func openSmallLake(t testing.TB, opt Options) *Engine {
	t.Helper()
	if opt.Lake == "" {
		opt.Lake = t.TempDir()
		writeLake(t, opt.Lake, smallTrail(), smallFlows())
	}
	if opt.Now.IsZero() {
		opt.Now = testNow
	}
	e, err := Open(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// queryStrings runs a statement and renders every row as text, columns
// joined with " | ", so results of differently written queries compare.
func queryStrings(t testing.TB, e *Engine, q string, args ...any) []string {
	t.Helper()
	rows, err := e.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%v\nSQL: %s", err, q)
	}
	return renderRows(t, rows)
}

func renderRows(t testing.TB, rows *result.Rows) []string {
	t.Helper()
	defer rows.Close()
	var out []string
	for rows.Next() {
		cells := make([]string, len(rows.Columns()))
		for i, v := range rows.Values() {
			cells[i] = renderValue(v)
		}
		out = append(out, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func renderValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case []byte:
		return string(v)
	}
	return fmt.Sprint(v)
}
