package watch

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
)

func testAlert(id string, rev int) Alert {
	return Alert{Key: id + ":" + strconv.Itoa(rev), Status: StatusNew, Revision: rev, RaisedAt: time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC),
		Incident: incident.Incident{ID: id, Title: "Root console login without MFA", Severity: hunt.SeverityHigh, Summary: "root logged in from 203.0.113.9.",
			Principals: []string{"arn:aws:iam::111122223333:root"}, SrcIPs: []string{"203.0.113.9"}, FindingCount: 1, EventUIDs: []string{"e1"}}}
}

// TestWatchDeliveryRetriesThenDeadLetters: a webhook that fails twice and
// then accepts gets the alert on the third try; one that never accepts
// leaves it in the dead-letter file; the outbox ends empty either way and
// the journal holds the alert once.
func TestWatchDeliveryRetriesThenDeadLetters(t *testing.T) {
	var calls, keys atomic.Int32
	flaky := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Idempotency-Key") == "inc-a:1" {
			keys.Add(1)
		}
		if calls.Add(1) <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	}))
	defer flaky.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusInternalServerError) }))
	defer down.Close()
	ok, _ := NewWebhook(flaky.URL+"/ok", "")
	bad, _ := NewWebhook(down.URL+"/bad/token", "")
	dir := t.TempDir()
	d := &deliverer{dir: dir, senders: []Sender{ok, bad}, attempts: 3, backoff: time.Millisecond, log: slog.New(slog.DiscardHandler)}
	st := &state{Incidents: map[string]*known{}}
	a := testAlert("inc-a", 1)
	st.Outbox = []*pending{{Alert: a, Destinations: d.destinations()}}
	sent, err := d.deliver(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	if sent != 2 || len(st.Outbox) != 0 || calls.Load() != 3 || keys.Load() != 3 {
		t.Fatalf("sent %d, outbox %d, calls %d (%d with the key): want 2, 0, 3, 3", sent, len(st.Outbox), calls.Load(), keys.Load())
	}
	dead, err := os.ReadFile(filepath.Join(dir, deadLetterFile))
	if err != nil || strings.Count(string(dead), "\n") != 1 || !strings.Contains(string(dead), `"key":"inc-a:1"`) || strings.Contains(string(dead), "token") {
		t.Fatalf("dead letters %q (%v): want the one alert, without the URL", dead, err)
	}
	// The journal skips a key it holds, as after a crash between writing
	// it and recording that.
	if err := (journal{dir}).Send(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	lines, _ := os.ReadFile(filepath.Join(dir, journalFile))
	if strings.Count(string(lines), "\n") != 1 {
		t.Fatalf("journal:\n%s\nwant the alert once", lines)
	}
}

// TestWatchSNSMessage checks the Publish request built for an alert (it
// is not run against real SNS: there is no local SNS to test with).
func TestWatchSNSMessage(t *testing.T) {
	s := &SNS{TopicARN: "arn:aws:sns:eu-west-1:111122223333:security"}
	a := testAlert("inc-b", 2)
	a.Status = StatusEscalated
	a.Incident.Title = strings.Repeat("very long title ", 10) + "é"
	in, err := s.Input(a)
	if err != nil {
		t.Fatal(err)
	}
	subject := aws.ToString(in.Subject)
	if len(subject) > 100 || !strings.HasPrefix(subject, "[HIGH] escalated incident inc-b: very long title") {
		t.Errorf("subject %q", subject)
	}
	msg := aws.ToString(in.Message)
	text, body, found := strings.Cut(msg, "\n\n{")
	if !found || !strings.Contains(text, "root logged in from 203.0.113.9.") || !strings.Contains(text, "Source IPs: 203.0.113.9") {
		t.Fatalf("message %q", msg)
	}
	var back Alert
	if err := json.Unmarshal([]byte("{"+body), &back); err != nil || back.Key != a.Key || back.Incident.ID != "inc-b" {
		t.Fatalf("message JSON %v: %+v", err, back)
	}
	if v := in.MessageAttributes["severity"]; aws.ToString(v.StringValue) != "high" || aws.ToString(in.TopicArn) != s.TopicARN {
		t.Errorf("attributes %+v", in.MessageAttributes)
	}
	if _, err := NewSNS(context.Background(), "arn:aws:sqs:eu-west-1:1:q", ""); err == nil {
		t.Error("an SQS ARN was taken for a topic")
	}
}

// TestWatchSlackBody: the Slack form is {"text": ...} with the summary
// and the link.
func TestWatchSlackBody(t *testing.T) {
	w, err := NewWebhook("https://hooks.slack.example/services/T/B/X", WebhookSlack)
	if err != nil {
		t.Fatal(err)
	}
	a := testAlert("inc-c", 1)
	a.Link = IncidentLink("https://console.example/", "inc-c")
	body, err := w.Body(a)
	if err != nil {
		t.Fatal(err)
	}
	var msg map[string]string
	if err := json.Unmarshal(body, &msg); err != nil || len(msg) != 1 || !strings.Contains(msg["text"], "https://console.example/incidents/inc-c") ||
		!strings.Contains(msg["text"], "[HIGH] new incident inc-c") {
		t.Fatalf("slack body %s (%v)", body, err)
	}
	if w.Name() != "webhook https://hooks.slack.example" {
		t.Errorf("name %q holds more than the host", w.Name())
	}
}
