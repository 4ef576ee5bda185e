package ingest

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
)

// The real-world shapes of testdata/malformed that are ingested, with or
// without a fallback, hold what the README says they do: TestMalformedInputs
// checks the counts, this the rows and partitions.
func TestRealWorldShapes(t *testing.T) {
	dir := filepath.Join(sharedcorpus.ModuleRoot(t), "testdata", "malformed", "cloudtrail")
	type row struct {
		table, part string
		ev          ocsf.CloudTrailEvent
	}
	ingest := func(name string) []row {
		t.Helper()
		root := t.TempDir()
		ingestCloudTrail(t, root, filepath.Join(dir, name))
		var rows []row
		for _, table := range lake.CloudTrailAll.Tables {
			files, _, err := lake.ListFiles(root, table, time.Time{}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				rel, _ := filepath.Rel(table.Dir(root), filepath.Dir(f))
				for _, ev := range readEvents(t, f) {
					rows = append(rows, row{table.Source, filepath.ToSlash(rel), ev})
				}
			}
		}
		slices.SortFunc(rows, func(a, b row) int { return int(a.ev.Time - b.ev.Time) })
		return rows
	}

	t.Run("shipper export: @timestamp is the event time", func(t *testing.T) {
		rows := ingest("shipper-export-without-eventtime.jsonl")
		if len(rows) != 2 {
			t.Fatalf("%d rows", len(rows))
		}
		for i, r := range rows {
			want := time.Date(2024, 3, 5, 10, 3+i, 0, 0, time.UTC)
			if got := time.UnixMilli(r.ev.Time).UTC(); !got.Equal(want) || r.ev.Unmapped["@timestamp"] == "" {
				t.Errorf("row %d: time %s, unmapped @timestamp %q; want %s", i, got, r.ev.Unmapped["@timestamp"], want)
			}
		}
	})
	t.Run("Datadog re-export: the moved address and user agent", func(t *testing.T) {
		for i, r := range ingest("datadog-moved-source-ip-and-user-agent.jsonl") {
			if r.ev.SrcEndpoint.IP == "" || r.ev.HTTPRequest == nil || !strings.HasPrefix(r.ev.HTTPRequest.UserAgent, "aws-cli/") {
				t.Errorf("row %d: address %q, %+v", i, r.ev.SrcEndpoint.IP, r.ev.HTTPRequest)
			}
		}
	})
	t.Run("GovCloud and China: their regions and ARNs", func(t *testing.T) {
		var got []string
		for _, r := range ingest("govcloud-and-china-partition-arns.json") {
			got = append(got, r.part+" "+r.ev.Actor.User.UID)
		}
		want := []string{
			"region=us-gov-west-1/accountId=111122223333/eventDay=20240305 arn:aws-us-gov:iam::111122223333:user/ops",
			"region=cn-north-1/accountId=222233334444/eventDay=20240305 arn:aws-cn:iam::222233334444:user/ops",
			"region=cn-northwest-1/accountId=222233334444/eventDay=20240305 arn:aws-cn:iam::222233334444:user/ops",
		}
		if !slices.Equal(got, want) {
			t.Errorf("got %q\nwant %q", got, want)
		}
	})
	t.Run("redacted accounts: the placeholder partition, the text kept", func(t *testing.T) {
		rows := ingest("redacted-account-ids.jsonl")
		if len(rows) != 3 {
			t.Fatalf("%d rows", len(rows))
		}
		for i, r := range rows {
			if r.part != "region=us-east-1/accountId=000000000000/eventDay=20240305" {
				t.Errorf("row %d in %s", i, r.part)
			}
		}
		if rows[0].ev.Unmapped["recipientAccountId"] != "redacted" || rows[1].ev.Actor.User.Account.UID != "REDACTED" {
			t.Errorf("the redacted values are lost: %v, %+v", rows[0].ev.Unmapped, rows[1].ev.Actor.User.Account)
		}
	})
	t.Run("envelopes: SNS in SQS, EventBridge through Firehose", func(t *testing.T) {
		for name, want := range map[string][]string{
			"sns-notification-in-sqs-message.json":   {"DescribeInstances", "ListBuckets", "AuthorizeSecurityGroupIngress"},
			"firehose-eventbridge-back-to-back.json": {"StopLogging", "DeleteTrail", "PutBucketPolicy"},
		} {
			var got []string
			for _, r := range ingest(name) {
				got = append(got, r.ev.API.Operation)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", name, got, want)
			}
		}
	})
	t.Run("data and network activity events", func(t *testing.T) {
		var got []string
		for _, r := range ingest("data-and-network-activity-events.jsonl") {
			got = append(got, r.table+" "+r.ev.API.Service.Name+" "+r.ev.API.Operation+" "+r.ev.Metadata.Product.Feature.Name)
		}
		want := []string{
			"S3_DATA s3.amazonaws.com GetObject Data",
			"LAMBDA_EXECUTION lambda.amazonaws.com Invoke Data",
			"CLOUD_TRAIL_MGMT dynamodb.amazonaws.com GetItem Data",
			"CLOUD_TRAIL_MGMT s3express.amazonaws.com GetObject Data",
			"CLOUD_TRAIL_MGMT kms.amazonaws.com Decrypt NetworkActivity",
			"S3_DATA s3.amazonaws.com PutObject Management, Data, and Insights", // eventVersion 1.07: managementEvent false, no eventCategory (named as Security Lake names it)
		}
		if !slices.Equal(got, want) {
			t.Errorf("got  %q\nwant %q", got, want)
		}
	})
}
