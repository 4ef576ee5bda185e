package s3

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// BenchmarkIngestFromS3 lists and ingests a bucket of small gzip CloudTrail
// deliveries from versitygw on loopback: the rate that listing, fetching
// ahead and the pipeline reach together. Bytes are the objects' gzip bytes.
func BenchmarkIngestFromS3(b *testing.B) {
	const objects, eventsPerObject = 300, 40
	v := startVersity(b)
	c := v.client(b, "bench")
	var total int64
	for i := range objects {
		var records []map[string]any
		for j := range eventsPerObject {
			records = append(records, map[string]any{
				"eventVersion": "1.09", "eventTime": fmt.Sprintf("2024-03-05T%02d:%02d:%02dZ", i%24, j%60, i%60),
				"eventSource": "ec2.amazonaws.com", "eventName": "DescribeInstances", "awsRegion": "us-east-1",
				"sourceIPAddress": fmt.Sprintf("198.51.100.%d", j), "userAgent": "aws-cli/2.15.0",
				"userIdentity":       map[string]any{"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice", "accountId": "111122223333", "accessKeyId": "AKIAEXAMPLE0000001"},
				"requestParameters":  map[string]any{"maxResults": 50},
				"eventID":            fmt.Sprintf("%08d-0000-4000-8000-%012d", i, j),
				"recipientAccountId": "111122223333", "eventType": "AwsApiCall", "managementEvent": true, "readOnly": true,
			})
		}
		data, err := json.Marshal(map[string]any{"Records": records})
		if err != nil {
			b.Fatal(err)
		}
		gz := gzipBytes(b, data)
		total += int64(len(gz))
		key := fmt.Sprintf("AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/05/111122223333_CloudTrail_us-east-1_20240305T%04dZ_%016d.json.gz", i, i)
		putObject(b, c, "bench", key, gz)
	}
	ctx := context.Background()
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		w, err := lake.OpenWriter(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		sources, skipped, err := ExpandS3(ctx, c, source.CloudTrail, "s3://bench/", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC))
		if err != nil {
			b.Fatal(err)
		}
		sum, err := ingest.Run(ctx, w, sources, skipped, ingest.CloudTrailOptions(time.Now()))
		w.Close()
		if err != nil {
			b.Fatal(err)
		}
		if sum.Events != objects*eventsPerObject {
			b.Fatalf("ingested %d events, want %d", sum.Events, objects*eventsPerObject)
		}
	}
	b.ReportMetric(float64(objects*b.N)/b.Elapsed().Seconds(), "objects/s")
}
