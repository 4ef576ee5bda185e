package s3

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// flakyProxy stands between the client and versitygw and misbehaves the
// way S3 does under load: the first request for each object is throttled
// (503 SlowDown), and the second one for the object named cut breaks off
// half way through the body.
type flakyProxy struct {
	next *httputil.ReverseProxy
	cut  string

	mu       sync.Mutex
	attempts map[string]int
	ranges   []string // Range headers of the requests for cut
}

func (p *flakyProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, ".json.gz") {
		p.next.ServeHTTP(w, r)
		return
	}
	p.mu.Lock()
	p.attempts[r.URL.Path]++
	n := p.attempts[r.URL.Path]
	cut := strings.HasSuffix(r.URL.Path, p.cut)
	if cut {
		p.ranges = append(p.ranges, r.Header.Get("Range"))
	}
	p.mu.Unlock()
	switch {
	case n == 1:
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`))
	case n == 2 && cut:
		p.next.ServeHTTP(&halfWriter{ResponseWriter: w}, r)
	default:
		p.next.ServeHTTP(w, r)
	}
}

// halfWriter passes on half of the body announced by Content-Length, then
// drops the connection.
type halfWriter struct {
	http.ResponseWriter
	left int
}

func (h *halfWriter) WriteHeader(code int) {
	n, _ := strconv.Atoi(h.Header().Get("Content-Length"))
	h.left = n / 2
	h.ResponseWriter.WriteHeader(code)
}

func (h *halfWriter) Write(b []byte) (int, error) {
	if len(b) > h.left {
		h.ResponseWriter.Write(b[:h.left])
		h.ResponseWriter.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
	h.left -= len(b)
	return h.ResponseWriter.Write(b)
}

func TestThrottlingAndBrokenBodies(t *testing.T) {
	v := startVersity(t)
	direct := v.client(t, "trail")
	uploadTree(t, direct, "trail", "testdata/bucket/AWSLogs/o-a1b2c3d4e5", onlyLogs)
	target, err := url.Parse(v.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	const cut = "_20240305T1015Z_Cc03.json.gz"
	proxy := &flakyProxy{next: httputil.NewSingleHostReverseProxy(target), cut: cut, attempts: map[string]int{}}
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	ctx := context.Background()
	c, err := NewClient(ctx, Config{EndpointURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}

	sources, skipped, err := ExpandS3(ctx, c, source.CloudTrail, "s3://trail/111122223333/", time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := lake.OpenWriter(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	sum, err := ingest.Run(ctx, w, sources, skipped, ingest.CloudTrailOptions(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Sources != 5 || sum.Events != 11 || sum.Rejected != 0 {
		t.Errorf("through the flaky proxy: %d sources, %d events, %d rejected; want 5, 11, 0", sum.Sources, sum.Events, sum.Rejected)
	}
	// Each object: a throttled try and a good one; the cut object a third,
	// which asks for the rest of the body only.
	if gets := c.Requests().Get; gets != 2*5+1 {
		t.Errorf("%d GET requests, want 11", gets)
	}
	proxy.mu.Lock()
	defer proxy.mu.Unlock()
	if len(proxy.ranges) != 3 || proxy.ranges[0] != "" || proxy.ranges[1] != "" || !strings.HasPrefix(proxy.ranges[2], "bytes=") || proxy.ranges[2] == "bytes=0-" {
		t.Errorf("requests for the cut object had Range headers %q, want none, none, then the rest", proxy.ranges)
	}
}
