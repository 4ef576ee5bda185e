package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/s3"
	"github.com/lakehunt/lakehunt/storage/source"
)

// receiver is a real local HTTP endpoint that records what it is sent.
type receiver struct {
	mu    sync.Mutex
	calls []received
	srv   *httptest.Server
}

type received struct {
	Key   string
	Alert Alert
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var a Alert
		if err := json.Unmarshal(body, &a); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		r.calls = append(r.calls, received{Key: req.Header.Get("Idempotency-Key"), Alert: a})
		r.mu.Unlock()
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.calls...)
}

const (
	testAccessKey = "AKIAWATCHTEST0000001"
	testSecretKey = "watch-test-secret-do-not-log"
)

// startVersity starts versitygw over a temp dir and points the SDK's
// environment at it, or skips without the binary (fails in CI).
func startVersity(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("versitygw")
	if err != nil {
		if p := filepath.Join(os.Getenv("HOME"), "go", "bin", "versitygw"); fileExists(p) {
			bin = p
		} else if os.Getenv("CI") != "" {
			t.Fatal("versitygw is not installed (run .ci/install-versitygw.sh)")
		} else {
			t.Skip("versitygw is not installed")
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin, "--access", testAccessKey, "--secret", testSecretKey, "--port", addr, "--quiet", "posix", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	none := filepath.Join(t.TempDir(), "none")
	for k, v := range map[string]string{"AWS_ACCESS_KEY_ID": testAccessKey, "AWS_SECRET_ACCESS_KEY": testSecretKey, "AWS_SESSION_TOKEN": "",
		"AWS_PROFILE": "", "AWS_CONFIG_FILE": none, "AWS_SHARED_CREDENTIALS_FILE": none, "AWS_EC2_METADATA_DISABLED": "true",
		"AWS_ENDPOINT_URL": "", "AWS_ENDPOINT_URL_S3": "", "AWS_REGION": "", "AWS_DEFAULT_REGION": ""} {
		t.Setenv(k, v)
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("versitygw did not start")
		}
	}
	return "http://" + addr
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestWatchBucketToWebhook answers the sentence end to end:
// objects put into a bucket are ingested by 'watch --once', their incidents
// reach a real webhook once each with their evidence, and a restart sends
// nothing again.
func TestWatchBucketToWebhook(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pack")
	}
	endpoint := startVersity(t)
	ctx := context.Background()
	client, err := s3.NewClient(ctx, s3.Config{EndpointURL: endpoint, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.S3.CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: aws.String("trail")}); err != nil {
		t.Fatal(err)
	}
	raw, _, split := generatedDay(t, 3000, 1)
	for _, f := range split[0] {
		rel, _ := filepath.Rel(raw, f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.S3.PutObject(ctx, &awss3.PutObjectInput{Bucket: aws.String("trail"), Key: aws.String(filepath.ToSlash(rel)), Body: bytes.NewReader(data)}); err != nil {
			t.Fatal(err)
		}
	}
	recv := newReceiver(t)
	hook, err := NewWebhook(recv.srv.URL+"/hooks/secret-path", WebhookGeneric)
	if err != nil {
		t.Fatal(err)
	}
	lakeDir := t.TempDir()
	var logs bytes.Buffer
	run := func() {
		t.Helper()
		err := Run(ctx, Request{
			Ingest: ingest.Request{Lake: lakeDir, Kind: source.CloudTrail}, URIs: []string{"s3://trail/AWSLogs/"}, Client: client, Once: true,
			MinSeverity: hunt.SeverityHigh, Senders: []Sender{hook}, ConsoleURL: "http://console.example", Backoff: time.Millisecond,
			Log: newJSONLog(&logs),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	run()
	calls := recv.received()
	if len(calls) == 0 {
		t.Fatalf("no alert reached the webhook; log:\n%s", logs.String())
	}
	seen := map[string]bool{}
	for _, c := range calls {
		a := c.Alert
		if c.Key != a.Key || seen[c.Key] {
			t.Errorf("call with key %q for alert %q: want one call per key", c.Key, a.Key)
		}
		seen[c.Key] = true
		if a.Incident.Severity < hunt.SeverityHigh || len(a.Incident.EventUIDs) == 0 || a.Incident.Summary == "" || len(a.Incident.Findings) == 0 {
			t.Errorf("alert %s lacks its evidence: severity %s, %d events, summary %q", a.Key, a.Incident.Severity, len(a.Incident.EventUIDs), a.Incident.Summary)
		}
		if a.Link != "http://console.example/incidents/"+a.Incident.ID {
			t.Errorf("alert %s links to %q", a.Key, a.Link)
		}
	}
	journal, err := os.ReadFile(filepath.Join(Dir(lakeDir), journalFile))
	if err != nil || bytes.Count(journal, []byte("\n")) != len(calls) {
		t.Errorf("journal holds %d lines for %d alerts (%v)", bytes.Count(journal, []byte("\n")), len(calls), err)
	}
	run()
	if again := recv.received(); len(again) != len(calls) {
		t.Errorf("a restart sent %d alerts again", len(again)-len(calls))
	}
	for _, secret := range []string{testSecretKey, "secret-path"} {
		if bytes.Contains(logs.Bytes(), []byte(secret)) {
			t.Errorf("the log holds %q", secret)
		}
	}
	t.Logf("%d alerts, one call each", len(calls))
}
