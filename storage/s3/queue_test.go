package s3

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// jsonQueue serves one queue over the AWS JSON protocol that current SDKs
// speak to SQS (no SQS-compatible server of that protocol can be installed
// here). It keeps SQS's delivery rule that matters to a consumer: a
// received message is invisible for the visibility timeout, then delivered
// again unless it was deleted.
type jsonQueue struct {
	visibility time.Duration

	mu       sync.Mutex
	seq      int
	messages map[string]*queuedMessage // by receipt handle
	deleted  []string                  // bodies
}

type queuedMessage struct {
	id, body string
	hiddenTo time.Time
}

func newJSONQueue(t *testing.T, visibility time.Duration) (*jsonQueue, string) {
	q := &jsonQueue{visibility: visibility, messages: map[string]*queuedMessage{}}
	srv := httptest.NewServer(http.HandlerFunc(q.serve))
	t.Cleanup(srv.Close)
	return q, srv.URL + "/000000000000/trail-events"
}

func (q *jsonQueue) send(body string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seq++
	id := fmt.Sprintf("m%d", q.seq)
	q.messages["rh-"+id] = &queuedMessage{id: id, body: body}
}

func (q *jsonQueue) remaining() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	var bodies []string
	for _, m := range q.messages {
		bodies = append(bodies, m.body)
	}
	return bodies
}

func (q *jsonQueue) serve(w http.ResponseWriter, r *http.Request) {
	var in struct {
		MaxNumberOfMessages int
		WaitTimeSeconds     int
		Entries             []struct{ Id, ReceiptHandle string }
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var out any
	switch target := r.Header.Get("X-Amz-Target"); target {
	case "AmazonSQS.ReceiveMessage":
		deadline := time.Now().Add(time.Duration(in.WaitTimeSeconds) * time.Second)
		for {
			msgs := q.receive(in.MaxNumberOfMessages)
			if len(msgs) > 0 || time.Now().After(deadline) {
				out = map[string]any{"Messages": msgs}
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	case "AmazonSQS.DeleteMessageBatch":
		var ok []map[string]string
		q.mu.Lock()
		for _, e := range in.Entries {
			if m := q.messages[e.ReceiptHandle]; m != nil {
				q.deleted = append(q.deleted, m.body)
				delete(q.messages, e.ReceiptHandle)
			}
			ok = append(ok, map[string]string{"Id": e.Id})
		}
		q.mu.Unlock()
		out = map[string]any{"Successful": ok, "Failed": []any{}}
	default:
		http.Error(w, "unsupported target "+target, http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	json.NewEncoder(w).Encode(out)
}

func (q *jsonQueue) receive(max int) []map[string]string {
	q.mu.Lock()
	defer q.mu.Unlock()
	var msgs []map[string]string
	now := time.Now()
	for rh, m := range q.messages {
		if len(msgs) == max {
			break
		}
		if now.Before(m.hiddenTo) {
			continue
		}
		m.hiddenTo = now.Add(q.visibility)
		sum := md5.Sum([]byte(m.body))
		msgs = append(msgs, map[string]string{"MessageId": m.id, "ReceiptHandle": rh, "Body": m.body, "MD5OfBody": hex.EncodeToString(sum[:])})
	}
	return msgs
}

func s3Notification(bucket string, keys ...string) string {
	var records []map[string]any
	for _, k := range keys {
		records = append(records, map[string]any{
			"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1", "eventName": "ObjectCreated:Put",
			"s3": map[string]any{"bucket": map[string]any{"name": bucket}, "object": map[string]any{"key": strings.ReplaceAll(k, "=", "%3D")}},
		})
	}
	data, _ := json.Marshal(map[string]any{"Records": records})
	return string(data)
}

func TestQueueConsumer(t *testing.T) {
	v := startVersity(t)
	c := v.client(t, "trail")
	uploadTree(t, c, "trail", "testdata/bucket", onlyLogs)
	queue, queueURL := newJSONQueue(t, 300*time.Millisecond)
	root := t.TempDir()

	const (
		trailA = "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/us-east-1/2024/03/05/111122223333_CloudTrail_us-east-1_20240305T1005Z_Bb02.json.gz"
		trailB = "AWSLogs/444455556666/CloudTrail/us-east-1/2024/03/05/444455556666_CloudTrail_us-east-1_20240305T1200Z_Ff06.json.gz"
		digest = "AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Digest/us-east-1/2024/03/05/111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20240305T100500Z.json.gz"
		flow   = "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-west-2/year=2024/month=03/day=05/hour=10/111122223333_vpcflowlogs_us-west-2_fl-0fedcba987654321f_20240305T1000Z_c1b2c3d4.log.gz"
	)
	snsWrapped, _ := json.Marshal(map[string]string{"Type": "Notification", "Message": s3Notification("trail", flow)})
	queue.send(`{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"trail"}`)
	queue.send(s3Notification("trail", trailA, trailB))
	queue.send(s3Notification("trail", digest))
	queue.send(string(snsWrapped))
	queue.send(`not json`)

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var mu sync.Mutex
	var calls int
	var events int64
	var heard []string
	q := &Queue{
		Client: c, URL: queueURL, Kind: source.CloudTrail, Wait: time.Second,
		Ingested: func() (func(string, string) bool, error) { return IngestedObjects(root, lake.CloudTrail) },
		Ingest: func(ctx context.Context, sources []source.Source, skipped []source.Skipped) error {
			mu.Lock()
			calls++
			first := calls == 1
			mu.Unlock()
			if first {
				return errors.New("disk full")
			}
			w, err := lake.OpenWriter(root)
			if err != nil {
				return err
			}
			defer w.Close()
			sum, err := ingest.Run(ctx, w, sources, skipped, ingest.CloudTrailOptions(time.Now()))
			if err == nil {
				mu.Lock()
				events += sum.Events
				mu.Unlock()
			}
			return err
		},
		OnError: func(err error) {
			mu.Lock()
			heard = append(heard, err.Error())
			mu.Unlock()
		},
	}
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx) }()
	for len(queue.remaining()) > 1 && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}

	if left := queue.remaining(); len(left) != 1 || left[0] != "not json" {
		t.Errorf("messages left in the queue: %q, want only the one that is not a notification", left)
	}
	mu.Lock()
	defer mu.Unlock()
	if events != 4 {
		t.Errorf("ingested %d events, want 4 (two objects of two events)", events)
	}
	if calls < 2 {
		t.Errorf("ingest ran %d times, want a failed run and a redelivered one", calls)
	}
	if gets := c.Requests().Get; gets != 2 {
		t.Errorf("fetched %d objects, want 2: the digest and the flow log are skipped by name", gets)
	}
	joined := strings.Join(heard, "\n")
	for _, want := range []string{"left in the queue: disk full", "left in the queue: not an S3 event notification"} {
		if !strings.Contains(joined, want) {
			t.Errorf("errors reported:\n%s\nwant one with %q", joined, want)
		}
	}
}

func TestParseNotification(t *testing.T) {
	f := func(body string, want []object, wantErr string) {
		t.Helper()
		got, err := parseNotification(body)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("parseNotification(%.60q) error %v, want %q", body, err, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("parseNotification(%.60q): %v", body, err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("parseNotification(%.60q) = %+v, want %+v", body, got, want)
		}
	}
	f(`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"logs"},"object":{"key":"AWSLogs/a+b%3Dc.json.gz","size":12,"eTag":"0123abcd"}}}]}`,
		[]object{{Bucket: "logs", Key: "AWSLogs/a b=c.json.gz", Size: 12, ETag: "0123abcd"}}, "")
	f(`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"logs"},"object":{"key":"k"}}}]}`, nil, "")
	f(`{"Service":"Amazon S3","Event":"s3:TestEvent"}`, nil, "")
	f(`{"Type":"Notification","Message":"{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:CompleteMultipartUpload\",\"s3\":{\"bucket\":{\"name\":\"logs\"},\"object\":{\"key\":\"k.gz\",\"size\":1,\"eTag\":\"e-2\"}}}]}"}`,
		[]object{{Bucket: "logs", Key: "k.gz", Size: 1, ETag: "e-2"}}, "")
	f(`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"logs"},"object":{"key":"%zz"}}}]}`, nil, "invalid object key")
	f(`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":""},"object":{"key":"k"}}}]}`, nil, "no bucket or key")
	f(`{"hello":1}`, nil, "no Records")
	f(`[]`, nil, "not an S3 event notification")
}

func FuzzParseNotification(f *testing.F) {
	f.Add(`{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"logs"},"object":{"key":"a+b%3Dc","size":12,"eTag":"x"}}}]}`)
	f.Add(`{"Type":"Notification","Message":"{\"Event\":\"s3:TestEvent\"}"}`)
	f.Fuzz(func(t *testing.T, body string) {
		objs, err := parseNotification(body)
		if err != nil && objs != nil {
			t.Fatalf("objects %v returned with error %v", objs, err)
		}
		for _, o := range objs {
			if o.Key == "" || !validBucketName(o.Bucket) {
				t.Fatalf("object without key or valid bucket: %+v", o)
			}
		}
	})
}
