package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/query/console"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/watch"
	"github.com/lakehunt/lakehunt/storage/ingest"
	s3lake "github.com/lakehunt/lakehunt/storage/s3"
	"github.com/lakehunt/lakehunt/storage/source"
)

// WatchOptions are the flags of 'watch'.
type WatchOptions struct {
	Factory *Factory

	Args          []string
	Kind          string
	Once          bool
	Interval      time.Duration
	SQSQueueURL   string
	S3            S3Options
	Workers       int
	BatchRows     int
	HuntIDs       []string
	Dirs          []string
	Params        []string
	Gap           string
	Parallel      int
	MinSeverity   string
	Webhooks      []string
	WebhookFormat string
	AlertCommand  string
	SNSTopicARN   string
	ConsoleURL    string
	Attempts      int
	LogFormat     string
	Rules         IngestRuleOptions
	HealthAddr    string
	HealthToken   string
}

// newCmdWatch builds 'watch'; runF, when set, gets the parsed options
// instead of watching (for tests of the flags).
func newCmdWatch(f *Factory, runF func(*WatchOptions) error) *cobra.Command {
	opts := &WatchOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "watch [DIR...|s3://BUCKET/PREFIX...]",
		Short: "Follow a directory, bucket or queue: ingest what arrives, hunt it, and alert",
		Long: `Follow a source of logs: local directories where files keep arriving (polled
every --interval), s3:// prefixes (listed every --interval), or an SQS queue of
S3 event notifications (--sqs-queue-url). Each new object is ingested exactly
once, as 'ingest' does; after each commit the hunting pack runs over what
changed: from the first new event, less the look-back each hunt's logic needs
(its span, its stretch gap), to the newest, widened to the start of any
incident the new events may join. Rankings, and the hunts of the other kind
of log, are left out unless named with --hunt.

An incident is alerted once when it first reaches --min-severity, and again
only when it escalates (a higher severity or more findings than last
alerted). Alerts go to the journal <lake>/_lakehunt/watch/alerts.jsonl and to
every --webhook, --alert-command and --sns-topic-arn. Delivery is at least
once: an alert is recorded in an outbox before it is sent and marked sent
after the destination accepts it (2xx); after a crash between the two it is
sent again with the same Idempotency-Key header (<incident id>:<revision>),
which a receiver can use to drop the duplicate. An alert a destination
refuses --attempts times, with exponential backoff, goes to
<lake>/_lakehunt/watch/dead-letter.jsonl.

With --once (for cron): ingest what is there, hunt, alert, exit. On a
terminal a status line shows progress; otherwise each step is logged as a
JSON line (log/slog) on stderr.

With --health-addr 127.0.0.1:PORT, GET on that address answers the watch's
health as JSON: the lake's last commit and the last hunted, the last hunt
(when, how long, its window), alerts waiting in the outbox, the dead-letter
count and the latest errors. It listens on loopback only and asks for
"Authorization: Bearer TOKEN"; the first line on stdout is its URL and token
(--health-token sets the token, default a random one).`,
		Example: `  lakehunt watch s3://org-trail/AWSLogs/ --webhook https://hooks.example/T0/B0/XXXX --webhook-format slack
  lakehunt watch --sqs-queue-url https://sqs.us-east-1.amazonaws.com/111122223333/trail-events --sns-topic-arn arn:aws:sns:us-east-1:111122223333:security
  lakehunt watch ./incoming --once --min-severity medium --alert-command 'mail -s lakehunt soc@example.com'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			if runF != nil {
				return runF(opts)
			}
			return runWatch(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Kind, "kind", "cloudtrail", "kind of log: cloudtrail or vpcflow")
	fl.BoolVar(&opts.Once, "once", false, "ingest what is there, hunt, alert, then exit (for cron)")
	fl.DurationVar(&opts.Interval, "interval", time.Minute, "time between polls of directories and s3:// prefixes")
	fl.StringVar(&opts.SQSQueueURL, "sqs-queue-url", "", "follow the S3 event notifications of this SQS queue")
	addS3Flags(fl, &opts.S3)
	fl.IntVar(&opts.Workers, "workers", 0, "sources read in parallel (0: one per CPU)")
	fl.IntVar(&opts.BatchRows, "batch-rows", 0, "rows a worker holds in memory before staging them to disk")
	addIngestRuleFlags(fl, &opts.Rules)
	fl.StringArrayVar(&opts.HuntIDs, "hunt", nil, "run only this hunt (repeatable; default: the pack without rankings)")
	fl.StringArrayVar(&opts.Dirs, "hunts", nil, "directory of extra or overriding hunt files (repeatable)")
	fl.StringArrayVar(&opts.Params, "param", nil, "set a hunt parameter: name=value, or hunt_id.name=value (repeatable)")
	addGapFlag(fl, &opts.Gap)
	fl.IntVar(&opts.Parallel, "parallel", 2, "hunts run at the same time (those reading VPC Flow one at a time)")
	fl.StringVar(&opts.MinSeverity, "min-severity", "high", "alert on incidents at least this severe: info, low, medium, high, critical")
	fl.StringArrayVar(&opts.Webhooks, "webhook", nil, "POST alerts as JSON to this URL (repeatable); the URL is never logged")
	fl.StringVar(&opts.WebhookFormat, "webhook-format", "generic", "webhook body: generic (the alert's JSON) or slack ({\"text\": ...})")
	fl.StringVar(&opts.AlertCommand, "alert-command", "", "run this shell command per alert, the alert's JSON on stdin")
	fl.StringVar(&opts.SNSTopicARN, "sns-topic-arn", "", "publish alerts to this Amazon SNS topic")
	fl.StringVar(&opts.ConsoleURL, "console-url", "", "base URL of the console: alerts link to URL/incidents/{id}")
	fl.IntVar(&opts.Attempts, "attempts", watch.DefaultAttempts, "tries per alert and destination before the dead-letter file")
	fl.StringVar(&opts.LogFormat, "log-format", "", "json or text logs on stderr (default: a status line on a terminal, else json)")
	fl.StringVar(&opts.HealthAddr, "health-addr", "", "serve the watch's health as JSON on this loopback address (host:port)")
	fl.StringVar(&opts.HealthToken, "health-token", "", "bearer token the health endpoint asks for (default: a random one)")
	return cmd
}

// request turns the flags into the watch request, without the clients
// and senders that reach the network.
func (o *WatchOptions) request() (watch.Request, error) {
	var kind source.Kind
	switch o.Kind {
	case "cloudtrail":
		kind = source.CloudTrail
	case "vpcflow":
		kind = source.VPCFlow
	default:
		return watch.Request{}, usageErrorf("--kind: want cloudtrail or vpcflow, got %q", o.Kind)
	}
	rules, err := o.Rules.rules(kind)
	if err != nil {
		return watch.Request{}, err
	}
	req := watch.Request{
		Ingest:   ingest.Request{Lake: o.Factory.Lake, Kind: kind, Workers: o.Workers, BatchRows: o.BatchRows, Rules: rules},
		QueueURL: o.SQSQueueURL, Once: o.Once, Interval: o.Interval,
		IDs: o.HuntIDs, HuntDirs: o.Dirs, Parallel: o.Parallel, ConsoleURL: o.ConsoleURL, Attempts: o.Attempts,
	}
	local := 0
	for _, a := range o.Args {
		if s3lake.IsURI(a) {
			req.URIs = append(req.URIs, a)
		} else {
			req.Paths = append(req.Paths, a)
			local++
		}
	}
	switch {
	case local > 0 && len(req.URIs) > 0:
		return watch.Request{}, usageErrorf("cannot watch local paths and s3:// prefixes together: run two watches")
	case o.SQSQueueURL != "" && len(o.Args) > 0:
		return watch.Request{}, usageErrorf("--sqs-queue-url takes no arguments: its messages name the objects")
	case o.SQSQueueURL != "" && o.Once:
		return watch.Request{}, usageErrorf("--once applies to directories and s3:// prefixes, not to a queue")
	case o.SQSQueueURL == "" && len(o.Args) == 0:
		return watch.Request{}, usageErrorf("nothing to watch: give a directory, an s3:// prefix or --sqs-queue-url")
	case !o.Once && o.Interval <= 0:
		return watch.Request{}, usageErrorf("--interval must be positive")
	case o.Attempts <= 0:
		return watch.Request{}, usageErrorf("--attempts must be positive")
	case o.LogFormat != "" && o.LogFormat != "json" && o.LogFormat != "text":
		return watch.Request{}, usageErrorf("--log-format: want json or text, got %q", o.LogFormat)
	case o.HealthAddr != "" && !console.IsLoopback(o.HealthAddr):
		return watch.Request{}, usageErrorf("--health-addr %s: want a loopback address such as 127.0.0.1:9100 (the health names the lake's commits and failures)", o.HealthAddr)
	case o.HealthToken != "" && o.HealthAddr == "":
		return watch.Request{}, usageErrorf("--health-token needs --health-addr")
	}
	min, err := hunt.ParseSeverity(o.MinSeverity)
	if err != nil {
		return watch.Request{}, usageErrorf("--min-severity: %v", err)
	}
	req.MinSeverity = min
	if req.Params, err = parseHuntParams(o.Params); err != nil {
		return watch.Request{}, err
	}
	group, err := incidentOptions(o.Gap)
	if err != nil {
		return watch.Request{}, err
	}
	req.Gap = group.Gap
	for _, u := range o.Webhooks {
		hook, err := watch.NewWebhook(u, o.WebhookFormat)
		if err != nil {
			return watch.Request{}, usageErrorf("--webhook: %v", err)
		}
		req.Senders = append(req.Senders, hook)
	}
	if o.AlertCommand != "" {
		req.Senders = append(req.Senders, &watch.Command{Shell: o.AlertCommand})
	}
	return req, nil
}

func runWatch(ctx context.Context, opts *WatchOptions) error {
	f := opts.Factory
	req, err := opts.request()
	if err != nil {
		return err
	}
	if len(req.URIs) > 0 || req.QueueURL != "" {
		if req.Client, err = opts.S3.client(ctx); err != nil {
			return err
		}
	}
	if opts.SNSTopicARN != "" {
		topic, err := watch.NewSNS(ctx, opts.SNSTopicARN, opts.S3.Profile)
		if err != nil {
			return usageErrorf("--sns-topic-arn: %v", err)
		}
		req.Senders = append(req.Senders, topic)
	}
	var mu sync.Mutex
	format := opts.LogFormat
	if format == "" && !f.StderrIsTerminal() {
		format = "json"
	}
	switch format {
	case "json":
		req.Log = slog.New(slog.NewJSONHandler(lockedWriter{&mu, f.Err}, nil))
	case "text":
		req.Log = slog.New(slog.NewTextHandler(lockedWriter{&mu, f.Err}, nil))
	default:
		// A status line, and warnings and errors above it.
		req.Log = slog.New(slog.NewTextHandler(lockedWriter{&mu, clearLine{f}}, &slog.HandlerOptions{Level: slog.LevelWarn}))
		req.OnStatus = func(s watch.Status) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(f.Err, "\r\033[K%s", statusLine(s))
		}
		defer fmt.Fprintln(f.Err)
	}
	w, err := watch.New(req)
	if err != nil {
		return err
	}
	if opts.HealthAddr != "" {
		stop, err := serveHealth(ctx, opts, w)
		if err != nil {
			return err
		}
		defer stop()
	}
	return w.Run(ctx)
}

// serveHealth listens on --health-addr, prints the URL and token on stdout
// and serves the health until stop.
func serveHealth(ctx context.Context, opts *WatchOptions, w *watch.Watcher) (stop func(), err error) {
	token := opts.HealthToken
	if token == "" {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("cannot draw a health token: %w", err)
		}
		token = hex.EncodeToString(b)
	}
	l, err := net.Listen("tcp", opts.HealthAddr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s: %w", opts.HealthAddr, err)
	}
	srv := &http.Server{Handler: watch.HealthHandler(w, token), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(opts.Factory.Out, "health: http://%s/health (Authorization: Bearer %s)\n", l.Addr(), token)
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(opts.Factory.Err, "health endpoint stopped: %v\n", err)
		}
	}()
	return func() {
		shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
		<-served
	}, nil
}

func statusLine(s watch.Status) string {
	line := fmt.Sprintf("watch: %-7s  %d events in %d commits  %d hunts", s.Phase, s.Events, s.Commits, s.Hunts)
	if s.Hunts > 0 {
		line += fmt.Sprintf(" (last %s)", s.LastHunt.Round(time.Millisecond))
	}
	line += fmt.Sprintf("  %d incidents  %d alerts sent", s.Incidents, s.AlertsSent)
	if s.Outbox > 0 {
		line += fmt.Sprintf(", %d waiting", s.Outbox)
	}
	return line
}

// lockedWriter keeps log lines and the status line from interleaving.
type lockedWriter struct {
	mu *sync.Mutex
	w  interface{ Write([]byte) (int, error) }
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// clearLine clears the status line before a log line takes its place.
type clearLine struct{ f *Factory }

func (c clearLine) Write(p []byte) (int, error) {
	fmt.Fprint(c.f.Err, "\r\033[K")
	return c.f.Err.Write(p)
}
