package watch

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestHealthOverHTTP watches a generated day whose alerts a webhook
// refuses, then asks the health endpoint over a real loopback socket: it
// must refuse a missing or wrong token, and with the right one tell the
// last commit, the last hunt, the empty outbox, the dead letters and the
// errors.
func TestHealthOverHTTP(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pack")
	}
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	t.Cleanup(refusing.Close)
	hook, err := NewWebhook(refusing.URL+"/hook", WebhookGeneric)
	if err != nil {
		t.Fatal(err)
	}
	raw, _, _ := generatedDay(t, 3000, 1)
	lakeDir := t.TempDir()
	w, err := New(Request{
		Ingest: ingest.Request{Lake: lakeDir, Kind: source.CloudTrail}, Paths: []string{raw}, Once: true,
		MinSeverity: hunt.SeverityHigh, Senders: []Sender{hook}, Attempts: 2, Backoff: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: HealthHandler(w, "s3cret")}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	url := "http://" + l.Addr().String() + "/health"
	get := func(token string) (*http.Response, Health) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var h Health
		if resp.StatusCode == http.StatusOK {
			if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
				t.Fatal(err)
			}
		}
		return resp, h
	}

	if _, h := get("s3cret"); h.LastCommit != nil || h.LastHunt != nil || h.DeadLetters != 0 || len(h.Errors) != 0 {
		t.Errorf("health before the watch: %+v", h)
	}
	if err := w.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, token := range []string{"", "wrong", "s3cre"} {
		if resp, _ := get(token); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("token %q: status %d, want 401", token, resp.StatusCode)
		}
	}
	resp, h := get("s3cret")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	commits, err := lake.ReadManifest(lakeDir)
	if err != nil || len(commits) == 0 {
		t.Fatalf("%d commits: %v", len(commits), err)
	}
	last := commits[len(commits)-1].ID
	if h.LastCommit == nil || h.LastCommit.ID != last || h.HuntedThrough != last {
		t.Errorf("last commit %+v, hunted through %q; want both %s", h.LastCommit, h.HuntedThrough, last)
	}
	if h.LastHunt == nil || h.LastHunt.Seconds <= 0 || h.LastHunt.Findings == 0 || h.LastHunt.Window.End.IsZero() {
		t.Errorf("last hunt %+v", h.LastHunt)
	}
	alerts, err := countLines(filepath.Join(Dir(lakeDir), journalFile))
	if err != nil {
		t.Fatal(err)
	}
	if alerts == 0 || h.Outbox != 0 || h.DeadLetters != alerts || h.AlertsSent != alerts {
		t.Errorf("%d alerts journalled, %d sent, outbox %d, %d dead letters: want every alert journalled and dead-lettered once (the webhook refuses them)",
			alerts, h.AlertsSent, h.Outbox, h.DeadLetters)
	}
	if len(h.Errors) != h.DeadLetters || len(h.Errors) == 0 {
		t.Errorf("%d errors for %d dead letters: %+v", len(h.Errors), h.DeadLetters, h.Errors)
	}
	if resp, err := http.Post(url, "application/json", nil); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST without a token: %v %v", resp, err)
	}
}
