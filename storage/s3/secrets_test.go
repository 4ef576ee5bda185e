package s3

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

const (
	testSessionToken = "lakehunt-session-token-IQoJb3JpZ2luX2VjE-7f3a9c"
	endpointPassword = "endpoint-password-5e1d0c"
)

// lockedBuffer collects the messages of goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// tokenProxy stands between the SDK and versitygw, which refuses session
// tokens: it counts the requests that carry the token, drops it, and signs
// them again with the static keys alone. So the SDK holds and sends a
// token while the server serves the requests.
func tokenProxy(t *testing.T, target string) (endpoint string, carried *atomic.Int64) {
	t.Helper()
	to, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	carried = &atomic.Int64{}
	// S3 signs the path as sent, without escaping it twice.
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey}
	proxy := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(to)
		out := pr.Out
		if out.Header.Get("X-Amz-Security-Token") == testSessionToken {
			carried.Add(1)
		}
		out.Header.Del("X-Amz-Security-Token")
		// Credential=KEY/20240305/us-east-1/s3/aws4_request, ...
		scope := strings.Split(strings.TrimPrefix(strings.Split(out.Header.Get("Authorization"), ",")[0], "AWS4-HMAC-SHA256 Credential="), "/")
		signedAt, err := time.Parse("20060102T150405Z", out.Header.Get("X-Amz-Date"))
		if len(scope) != 5 || err != nil {
			t.Errorf("proxy: request %s %s is not signed with SigV4: %q", out.Method, out.URL, out.Header.Get("Authorization"))
			return
		}
		out.Header.Del("Authorization")
		if err := signer.SignHTTP(out.Context(), creds, out, out.Header.Get("X-Amz-Content-Sha256"), scope[3], scope[2], signedAt); err != nil {
			t.Errorf("proxy: cannot sign again: %v", err)
		}
	}}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL, carried
}

// captureStderr sends what the process writes to os.Stderr (the SDK's
// default logger among others) to a file until the test ends, and returns
// a function that reads it.
func captureStderr(t *testing.T) func() []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stderr")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = f
	t.Cleanup(func() {
		os.Stderr = saved
		f.Close()
	})
	return func() []byte {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
}

// TestSecretsNeverLeak runs ingest (once, --follow and from a queue), push,
// pull and the Athena DDL with a secret key and a session token in the
// environment, then looks for them, and for the password of an endpoint
// URL, in everything lakehunt wrote or said: messages and errors, stderr,
// every file of the lakes (Parquet rows and key/value metadata included),
// every pushed object and its metadata, and the DDL.
func TestSecretsNeverLeak(t *testing.T) {
	v := startVersity(t)
	t.Setenv("AWS_SESSION_TOKEN", testSessionToken)
	stderr := captureStderr(t)
	endpoint, carried := tokenProxy(t, v.Endpoint)
	ctx := context.Background()
	c, err := NewClient(ctx, Config{EndpointURL: endpoint, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, bucket := range []string{"raw", "export"} {
		if _, err := c.S3.CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
			t.Fatalf("cannot create bucket %s: %v", bucket, err)
		}
	}
	uploadTree(t, c, "raw", "testdata/bucket", onlyLogs)
	// The canary is an event id the scan must find in the compressed
	// Parquet pages, in the lakes and in the bucket: proof that it looks
	// inside them.
	const canary = "canary-event-3b8e51"
	putObject(t, c, "raw", "AWSLogs/444455556666/CloudTrail/us-east-1/2024/03/05/444455556666_CloudTrail_us-east-1_20240305T1300Z_Hh08.json.gz",
		gzipBytes(t, []byte(`{"Records":[{"eventVersion":"1.09","eventTime":"2024-03-05T12:58:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.5","eventID":"`+canary+`","recipientAccountId":"444455556666","userIdentity":{"type":"IAMUser","accountId":"444455556666","userName":"canary"}}]}`)))
	queued := "AWSLogs/444455556666/CloudTrail/us-east-1/2024/03/08/444455556666_CloudTrail_us-east-1_20240308T1300Z_Qq09.json.gz"
	putObject(t, c, "raw", queued, gzipBytes(t, []byte(`{"Records":[{"eventVersion":"1.09","eventTime":"2024-03-08T12:58:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.6","eventID":"queued-event-1","recipientAccountId":"444455556666","userIdentity":{"type":"IAMUser","accountId":"444455556666","userName":"queued"}}]}`)))

	log := &lockedBuffer{}
	var errs []error
	root := t.TempDir()

	// Ingest once, as the CLI does, both kinds.
	for _, kind := range []source.Kind{source.CloudTrail, source.VPCFlow} {
		if _, err := ingestLikeCLI(ctx, c, root, kind, "s3://raw/AWSLogs/", day("2024-03-01"), day("2024-03-08"), log); err != nil {
			t.Fatalf("ingest %s: %v", kind, err)
		}
	}

	// One round of --follow.
	followCtx, stopFollow := context.WithTimeout(ctx, 20*time.Second)
	defer stopFollow()
	followed := make(chan struct{})
	fl := &Follow{
		Client: c, Kind: source.CloudTrail, URIs: []string{"s3://raw/AWSLogs/444455556666/"}, Interval: 50 * time.Millisecond,
		Now:      func() time.Time { return time.Date(2024, 3, 8, 13, 0, 0, 0, time.UTC) },
		Ingested: func() (func(string, string) bool, error) { return IngestedObjects(root, lake.CloudTrail) },
		Ingest: func(ctx context.Context, sources []source.Source, skipped []source.Skipped) error {
			defer close(followed)
			_, err := pipelineLikeCLI(ctx, root, source.CloudTrail, sources, skipped, log)
			stopFollow()
			return err
		},
		OnError: func(err error) { fmt.Fprintf(log, "follow: %v\n", err) },
	}
	if err := fl.Run(followCtx); err != nil {
		t.Fatalf("follow: %v", err)
	}
	<-followed

	// A queue naming the new object, and a message that is not a
	// notification (reported through OnError).
	queue, queueURL := newJSONQueue(t, time.Minute)
	queue.send(s3Notification("raw", queued))
	queue.send("not json")
	queueCtx, stopQueue := context.WithTimeout(ctx, 20*time.Second)
	defer stopQueue()
	q := &Queue{
		Client: c, URL: queueURL, Kind: source.CloudTrail, Wait: time.Second,
		Ingested: func() (func(string, string) bool, error) { return IngestedObjects(root, lake.CloudTrail) },
		Ingest: func(ctx context.Context, sources []source.Source, skipped []source.Skipped) error {
			_, err := pipelineLikeCLI(ctx, root, source.CloudTrail, sources, skipped, log)
			return err
		},
		OnError: func(err error) { fmt.Fprintf(log, "queue: %v\n", err) },
	}
	queueDone := make(chan error, 1)
	go func() { queueDone <- q.Run(queueCtx) }()
	for len(queue.remaining()) > 1 && queueCtx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	for !strings.Contains(log.String(), "queue: ") && queueCtx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	stopQueue()
	if err := <-queueDone; err != nil {
		t.Fatalf("queue: %v", err)
	}

	// Push, pull into a second lake, and the DDL.
	pushed, err := Push(ctx, c, root, "s3://export/hunt/", PushOptions{})
	if err != nil {
		t.Fatalf("push: %v", err)
	}
	fmt.Fprintf(log, "push: %+v\n", *pushed)
	pulledRoot := t.TempDir()
	w, err := lake.OpenWriter(pulledRoot)
	if err != nil {
		t.Fatal(err)
	}
	pulled, err := Pull(ctx, c, w, "s3://export/hunt/", PullOptions{})
	w.Close()
	if err != nil {
		t.Fatalf("pull: %v", err)
	}
	fmt.Fprintf(log, "pull: %+v\n", *pulled)
	opt, err := AthenaDefaults(root, AthenaOptions{Location: "s3://export/hunt/", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	var ddl bytes.Buffer
	if err := WriteAthenaDDL(&ddl, opt); err != nil {
		t.Fatal(err)
	}

	// Errors: what the server refuses, and endpoints with a password.
	if _, _, err := ExpandS3(ctx, c, source.CloudTrail, "s3://no-such-bucket/", time.Time{}, time.Time{}); err != nil {
		errs = append(errs, err)
	}
	if _, err := Push(ctx, c, root, "s3://no-such-bucket/hunt/", PushOptions{}); err != nil {
		errs = append(errs, err)
	}
	if w, err := lake.OpenWriter(t.TempDir()); err == nil {
		if _, err := Pull(ctx, c, w, "s3://no-such-bucket/", PullOptions{}); err != nil {
			errs = append(errs, err)
		}
		w.Close()
	}
	proxied, _ := url.Parse(endpoint)
	withPassword := func(host string) string { return "http://lakeuser:" + endpointPassword + "@" + host }
	closed := freeLoopbackAddr(t)
	for _, ep := range []string{withPassword(proxied.Host), withPassword(closed)} {
		pc, err := NewClient(ctx, Config{EndpointURL: ep, MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := ExpandS3(ctx, pc, source.CloudTrail, "s3://no-such-bucket/", time.Time{}, time.Time{}); err != nil {
			errs = append(errs, err)
		}
		for _, queueURL := range []string{withPassword(closed) + "/000000000000/q", "ftp://lakeuser:" + endpointPassword + "@" + closed + "/q"} {
			if err := (&Queue{Client: pc, URL: queueURL, Kind: source.CloudTrail, Wait: time.Second}).Run(ctx); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if len(errs) != 9 {
		t.Errorf("provoked %d errors, want 9: %v", len(errs), errors.Join(errs...))
	}
	for _, err := range errs {
		fmt.Fprintf(log, "error: %v\nerror (detail): %+v\n", err, err)
	}

	if carried.Load() == 0 {
		t.Fatal("no request carried the session token: the test does not test it")
	}
	for _, want := range []string{"ingest CLOUD_TRAIL_MGMT", "ingest VPC_FLOW", "queue: ", "s3://no-such-bucket/", "lakeuser:xxxxx@"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("messages lack %q, so the test did not see what it checks:\n%s", want, log.String())
		}
	}

	scan := &secretScan{t: t, needles: []string{testSecretKey, testSessionToken, endpointPassword}, canary: canary}
	scan.text("messages and errors", []byte(log.String()))
	scan.text("the Athena DDL", ddl.Bytes())
	scan.lake("the ingested lake", root)
	scan.lake("the pulled lake", pulledRoot)
	scan.bucket(c, "export")
	scan.text("stderr", stderr())
	for _, where := range []string{"the ingested lake", "the pulled lake", "bucket export"} {
		if !scan.canaryIn[where] {
			t.Errorf("the canary event id is not found in %s: the scan does not read what it should", where)
		}
	}
}

// secretScan looks for the needles in texts, files and objects, and
// notes where it saw the canary.
type secretScan struct {
	t        *testing.T
	needles  []string
	canary   string
	canaryIn map[string]bool
}

func (s *secretScan) text(where string, data []byte) {
	s.t.Helper()
	for _, n := range s.needles {
		if i := bytes.Index(data, []byte(n)); i >= 0 {
			lo, hi := max(0, i-80), min(len(data), i+len(n)+80)
			s.t.Errorf("%s holds the secret %q: ...%s...", where, n, data[lo:hi])
		}
	}
}

// content scans one file or object: its bytes, and what they hold
// decompressed (gzip) or decoded (Parquet rows and key/value metadata).
// group names where the canary was seen.
func (s *secretScan) content(where, group string, data []byte) {
	s.t.Helper()
	s.text(where, data)
	if bytes.Contains(data, []byte(s.canary)) {
		s.sawCanary(group)
	}
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err == nil {
			plain, err := io.ReadAll(zr)
			if err != nil {
				s.t.Errorf("%s: cannot gunzip: %v", where, err)
			}
			s.text(where+" (gunzipped)", plain)
		}
	}
	if bytes.HasPrefix(data, []byte("PAR1")) {
		s.parquet(where, group, data)
	}
}

func (s *secretScan) sawCanary(group string) {
	if s.canaryIn == nil {
		s.canaryIn = map[string]bool{}
	}
	s.canaryIn[group] = true
}

func (s *secretScan) parquet(where, group string, data []byte) {
	s.t.Helper()
	pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		s.t.Errorf("%s: %v", where, err)
		return
	}
	var meta bytes.Buffer
	md := pf.Metadata()
	fmt.Fprintln(&meta, md.CreatedBy)
	for _, kv := range md.KeyValueMetadata {
		fmt.Fprintln(&meta, kv.Key, kv.Value)
	}
	for _, rg := range md.RowGroups {
		for _, col := range rg.Columns {
			for _, kv := range col.MetaData.KeyValueMetadata {
				fmt.Fprintln(&meta, kv.Key, kv.Value)
			}
		}
	}
	s.text(where+" (Parquet metadata)", meta.Bytes())
	var values bytes.Buffer
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquet.Row, 64)
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				for _, v := range row {
					if v.Kind() == parquet.ByteArray || v.Kind() == parquet.FixedLenByteArray {
						values.Write(v.ByteArray())
						values.WriteByte(0)
					}
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				s.t.Errorf("%s: cannot read rows: %v", where, err)
				break
			}
		}
		rows.Close()
	}
	s.text(where+" (Parquet values)", values.Bytes())
	if bytes.Contains(values.Bytes(), []byte(s.canary)) {
		s.sawCanary(group)
	}
}

// lake scans every file under root, and the names of files and folders.
func (s *secretScan) lake(group, root string) {
	s.t.Helper()
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		s.text(group+": path "+path, []byte(path))
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		s.content(group+": "+path, group, data)
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
	if files < 4 {
		s.t.Errorf("%s holds %d files, want a manifest, commits and data", group, files)
	}
}

// bucket scans every object of a bucket: key, body, and what HeadObject
// says of it (user metadata included).
func (s *secretScan) bucket(c *Client, bucket string) {
	s.t.Helper()
	ctx := context.Background()
	group := "bucket " + bucket
	objects := 0
	pages := awss3.NewListObjectsV2Paginator(c.S3, &awss3.ListObjectsV2Input{Bucket: aws.String(bucket)})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			s.t.Fatal(err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			where := "s3://" + bucket + "/" + key
			s.text(where+" (key)", []byte(key))
			head, err := c.S3.HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
			if err != nil {
				s.t.Fatal(err)
			}
			var meta bytes.Buffer
			for k, v := range head.Metadata {
				fmt.Fprintln(&meta, k, v)
			}
			fmt.Fprintln(&meta, aws.ToString(head.ContentType), aws.ToString(head.ContentEncoding), aws.ToString(head.ContentDisposition),
				aws.ToString(head.CacheControl), aws.ToString(head.WebsiteRedirectLocation), head.ETag)
			s.text(where+" (metadata)", meta.Bytes())
			got, err := c.S3.GetObject(ctx, &awss3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
			if err != nil {
				s.t.Fatal(err)
			}
			body, err := io.ReadAll(got.Body)
			got.Body.Close()
			if err != nil {
				s.t.Fatal(err)
			}
			objects++
			s.content(where, group, body)
		}
	}
	if objects == 0 {
		s.t.Errorf("bucket %s is empty: nothing was pushed", bucket)
	}
}

func TestRedactURL(t *testing.T) {
	f := func(raw, want string) {
		t.Helper()
		if got := redactURL(raw); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", raw, got, want)
		}
	}
	f("http://127.0.0.1:9000", "http://127.0.0.1:9000")
	f("https://key:"+endpointPassword+"@minio.example:9000/base", "https://key:xxxxx@minio.example:9000/base")
	f("https://sqs.us-east-1.amazonaws.com/111122223333/q", "https://sqs.us-east-1.amazonaws.com/111122223333/q")
	// Unparsable (a space in the password): the userinfo goes whole.
	f("http://key:pass word@host:9000", "http://xxxxx@host:9000")
	f("key:pass word@host:9000", "xxxxx@host:9000")
	f("%zz", "%zz")
}
