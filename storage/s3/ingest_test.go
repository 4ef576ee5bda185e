package s3

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestIngestRefusesMixedModes checks the requests Ingest refuses before
// it talks to S3: no client is needed to refuse them.
func TestIngestRefusesMixedModes(t *testing.T) {
	lakeDir := t.TempDir()
	f := func(req IngestRequest, wantErr string) {
		t.Helper()
		req.Ingest = ingest.Request{Lake: lakeDir, Kind: source.CloudTrail}
		if _, err := Ingest(context.Background(), req); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%+v: %v, want an error with %q", req, err, wantErr)
		}
	}
	f(IngestRequest{}, "no s3:// URI")
	f(IngestRequest{URIs: []string{"s3://bucket/AWSLogs/", "./AWSLogs"}}, "cannot ingest ./AWSLogs from S3")
	f(IngestRequest{QueueURL: "https://sqs.us-east-1.amazonaws.com/1/q", URIs: []string{"s3://bucket/"}}, "takes no URIs")
	f(IngestRequest{QueueURL: "https://sqs.us-east-1.amazonaws.com/1/q", Follow: true}, "no follow")
	f(IngestRequest{QueueURL: "https://sqs.us-east-1.amazonaws.com/1/q", From: time.Now()}, "no window")
}
