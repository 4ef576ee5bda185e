package main

import (
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/watch"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestWatchFlags parses 'watch' arguments into the watch request without
// watching.
func TestWatchFlags(t *testing.T) {
	f := flagTest(t, newCmdWatch, func(_ *Factory, o *WatchOptions) (watch.Request, error) {
		return o.request()
	})
	lake := ingest.Request{Lake: "lake", Kind: source.CloudTrail}
	f([]string{"./incoming", "--once"}, watch.Request{
		Ingest: lake, Paths: []string{"./incoming"}, Once: true, Interval: time.Minute, Parallel: 2,
		Params: map[string]string{}, MinSeverity: hunt.SeverityHigh, Attempts: watch.DefaultAttempts,
	}, "")
	hook, err := watch.NewWebhook("https://hooks.example/T0/B0/secret", "slack")
	if err != nil {
		t.Fatal(err)
	}
	f([]string{"s3://trail/AWSLogs/", "--interval", "5m", "--min-severity", "medium", "--webhook", "https://hooks.example/T0/B0/secret",
		"--webhook-format", "slack", "--alert-command", "cat > /tmp/a", "--console-url", "http://localhost:8080", "--hunt", "root_activity",
		"--param", "gap=2h", "--gap", "3h", "--attempts", "3", "--kind", "vpcflow", "--workers", "2"}, watch.Request{
		Ingest: ingest.Request{Lake: "lake", Kind: source.VPCFlow, Workers: 2}, URIs: []string{"s3://trail/AWSLogs/"}, Interval: 5 * time.Minute,
		IDs: []string{"root_activity"}, Params: map[string]string{"gap": "2h"}, Gap: 3 * time.Hour, Parallel: 2,
		MinSeverity: hunt.SeverityMedium, Senders: []watch.Sender{hook, &watch.Command{Shell: "cat > /tmp/a"}},
		ConsoleURL: "http://localhost:8080", Attempts: 3,
	}, "")
	f([]string{"--sqs-queue-url", "https://sqs.us-east-1.amazonaws.com/111122223333/q"}, watch.Request{
		Ingest: lake, QueueURL: "https://sqs.us-east-1.amazonaws.com/111122223333/q", Interval: time.Minute, Parallel: 2,
		Params: map[string]string{}, MinSeverity: hunt.SeverityHigh, Attempts: watch.DefaultAttempts,
	}, "")
	dropSSH, err := ingest.ParseRule(true, "dstport=22", "--drop")
	if err != nil {
		t.Fatal(err)
	}
	f([]string{"./incoming", "--once", "--kind", "vpcflow", "--drop", "dstport=22"}, watch.Request{
		Ingest: ingest.Request{Lake: "lake", Kind: source.VPCFlow, Rules: ingest.Rules{dropSSH}}, Paths: []string{"./incoming"}, Once: true, Interval: time.Minute, Parallel: 2,
		Params: map[string]string{}, MinSeverity: hunt.SeverityHigh, Attempts: watch.DefaultAttempts,
	}, "")
	f([]string{"./incoming", "--drop", "dstport=22"}, watch.Request{}, "field dstport applies to VPC Flow Logs, not CloudTrail")
	f(nil, watch.Request{}, "nothing to watch")
	f([]string{"./a", "s3://b/"}, watch.Request{}, "cannot watch local paths and s3:// prefixes together")
	f([]string{"--sqs-queue-url", "https://sqs.us-east-1.amazonaws.com/1/q", "--once"}, watch.Request{}, "--once applies to directories")
	f([]string{"--sqs-queue-url", "https://sqs.us-east-1.amazonaws.com/1/q", "./a"}, watch.Request{}, "takes no arguments")
	f([]string{"./a", "--min-severity", "loud"}, watch.Request{}, "--min-severity")
	f([]string{"./a", "--kind", "dns"}, watch.Request{}, "--kind")
	f([]string{"./a", "--interval", "0s"}, watch.Request{}, "--interval must be positive")
	f([]string{"./a", "--webhook", "ftp://x/secret-token"}, watch.Request{}, "want http:// or https://")
	f([]string{"./a", "--webhook", "https://x/", "--webhook-format", "teams"}, watch.Request{}, "unknown webhook format")
	f([]string{"./a", "--gap", "-1h"}, watch.Request{}, "--gap")
	f([]string{"./a", "--param", "gap"}, watch.Request{}, "gap")
	f([]string{"./a", "--health-addr", "0.0.0.0:9100"}, watch.Request{}, "want a loopback address")
	f([]string{"./a", "--health-token", "t0k3n"}, watch.Request{}, "--health-token needs --health-addr")
	// A webhook URL is a credential: no message repeats it.
	err = execute(newCmdWatch(testFactory(), func(o *WatchOptions) error { _, err := o.request(); return err }), "./a", "--webhook", "gopher://h/secret-token")
	if err == nil || strings.Contains(err.Error(), "secret-token") {
		t.Fatalf("error %v: want one that does not repeat the URL", err)
	}
}
