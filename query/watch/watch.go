// Package watch follows a source of logs, ingests what arrives exactly
// once, hunts over what each commit changed, and alerts people about new
// or escalated incidents: 'lakehunt watch'.
//
// State lives in <lake>/_lakehunt/watch/ (state.json, replaced
// atomically; alerts.jsonl, the journal; dead-letter.jsonl). The lake's
// manifest says which commits are new, so a restart after a crash at any
// point hunts what was committed but not hunted, and delivers what was
// decided but not delivered.
package watch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/workflow"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/s3"
	"github.com/lakehunt/lakehunt/storage/source"
)

// Request is one 'lakehunt watch'.
type Request struct {
	// Ingest is the lake, the kind of log and the pipeline's settings.
	Ingest ingest.Request
	// Source is what to follow: Paths (local files and directories,
	// polled), or URIs (s3://, followed) or QueueURL (SQS) with Client.
	Paths    []string
	URIs     []string
	QueueURL string
	Client   *s3.Client
	// Once ingests what is there, hunts, alerts and returns.
	Once bool
	// Interval is the time between polls of Paths and URIs.
	Interval time.Duration

	// Hunts: the engine's settings, the hunts (IDs, else every hunt of the
	// pack that reads the kind of log watched but the rankings, whose top
	// entities of an arbitrary window are no detection), extra hunt
	// directories, parameters, and the grouping.
	Engine   workflow.EngineSettings
	IDs      []string
	HuntDirs []string
	Params   map[string]string
	Parallel int
	Gap      time.Duration

	// Alerts go to Senders (and always to the journal) for incidents at or
	// above MinSeverity. ConsoleURL makes each alert link to
	// ConsoleURL/incidents/{id}.
	MinSeverity hunt.Severity
	Senders     []Sender
	ConsoleURL  string
	// Attempts and Backoff set delivery retries (zero: the defaults).
	Attempts int
	Backoff  time.Duration

	// Log hears what happens, as structured records; nil discards them.
	Log *slog.Logger
	// OnStatus hears the running totals after each step, for a status
	// line.
	OnStatus func(Status)
}

// Status is the running account of a watch.
type Status struct {
	Phase    string // "ingest", "hunt", "deliver" or "idle"
	Commits  int    // ingest runs that committed
	Events   int64  // events written
	Hunts    int    // incremental hunt runs
	LastHunt time.Duration
	// LastGrouping is the part of LastHunt spent grouping findings into
	// incidents.
	LastGrouping time.Duration
	LastWindow   hunt.Window
	Incidents    int // incidents known
	AlertsSent   int // deliveries made
	Outbox       int // alerts waiting
	LastFailure  string
}

// Watcher runs a Request. Tests drive its steps one by one.
type Watcher struct {
	req     Request
	dir     string
	st      *state
	hunts   []*hunt.Hunt
	look    time.Duration
	groups  []lookbackGroup
	gap     time.Duration
	deliver *deliverer
	log     *slog.Logger
	// kept is the engine hunts of in-order pieces read, open between
	// them (keptEngine); Close closes it.
	kept keptEngine

	// mu guards what Health reads while the watch runs.
	mu            sync.Mutex
	status        Status
	errors        []ErrorInfo
	huntedThrough string
	lastHuntAt    time.Time
	lastFindings  int
}

// New checks the request, loads the hunts and the state.
func New(req Request) (*Watcher, error) {
	if req.Ingest.Lake == "" {
		return nil, errors.New("no lake to watch")
	}
	if req.Ingest.Kind == 0 {
		req.Ingest.Kind = source.CloudTrail
	}
	sources := 0
	for _, set := range []bool{len(req.Paths) > 0, len(req.URIs) > 0, req.QueueURL != ""} {
		if set {
			sources++
		}
	}
	switch {
	case sources == 0:
		return nil, errors.New("nothing to watch: give a directory, an s3:// prefix or an SQS queue URL")
	case sources > 1:
		return nil, errors.New("watch one kind of source at a time: local paths, s3:// prefixes or an SQS queue")
	case req.QueueURL != "" && req.Once:
		return nil, errors.New("a queue has no end to stop at: --once applies to directories and s3:// prefixes")
	case (len(req.URIs) > 0 || req.QueueURL != "") && req.Client == nil:
		return nil, errors.New("an S3 source needs a client")
	case !req.Once && req.QueueURL == "" && req.Interval <= 0:
		return nil, fmt.Errorf("poll interval must be positive, not %s", req.Interval)
	}
	pack, err := hunt.Load(req.HuntDirs...)
	if err != nil {
		return nil, err
	}
	hs, err := pack.Select(req.IDs, hunt.Filter{})
	if err != nil {
		return nil, &workflow.RequestError{Err: err}
	}
	if len(req.IDs) == 0 {
		// A commit of one kind of log changes nothing a hunt of the other
		// kind reads: a CloudTrail watch leaves the flow hunts out (a
		// tenth of the pack, and a tenth of each piece's cost).
		other := hunt.SourceVPCFlow
		if req.Ingest.Kind == source.VPCFlow {
			other = hunt.SourceCloudTrail
		}
		hs = slices.DeleteFunc(hs, func(h *hunt.Hunt) bool { return h.Logic == hunt.LogicRanking || h.Source == other })
	}
	if len(hs) == 0 {
		return nil, &workflow.RequestError{Err: errors.New("no hunt to run")}
	}
	if err := hunt.CheckParams(hs, req.Params); err != nil {
		return nil, &workflow.RequestError{Err: err}
	}
	log := req.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir := Dir(req.Ingest.Lake)
	st, err := loadState(dir)
	if err != nil {
		return nil, err
	}
	gap := req.Gap
	if gap <= 0 {
		gap = incident.DefaultGap
	}
	attempts, backoff := req.Attempts, req.Backoff
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	if backoff <= 0 {
		backoff = DefaultBackoff
	}
	w := &Watcher{
		req: req, dir: dir, st: st, hunts: hs, look: Lookback(hs, req.Params), groups: groupByLookback(hs, req.Params), gap: gap, log: log,
		deliver: &deliverer{dir: dir, senders: req.Senders, attempts: attempts, backoff: backoff, log: log},
	}
	w.deliver.failed = w.failed
	w.status.Incidents = w.liveIncidents()
	w.status.Outbox = len(st.Outbox)
	w.huntedThrough = st.HuntedThrough
	return w, nil
}

// Run is New then the watch: deliver what a previous run left in the
// outbox, hunt what it committed and did not hunt, then ingest, hunt and
// alert until ctx ends (a normal end, nil) or, with Once, after one round.
func Run(ctx context.Context, req Request) error {
	w, err := New(req)
	if err != nil {
		return err
	}
	return w.Run(ctx)
}

func (w *Watcher) Run(ctx context.Context) error {
	defer w.Close()
	w.log.Info("watch started", "lake", w.req.Ingest.Lake, "hunts", len(w.hunts), "lookback", w.look.String(),
		"min_severity", w.req.MinSeverity.String(), "destinations", w.deliver.destinations(), "once", w.req.Once)
	err := w.Step(ctx)
	if err == nil {
		err = w.follow(ctx)
	}
	if err == nil {
		err = w.Step(ctx)
	}
	err = done(ctx, err)
	if err != nil {
		w.failed(err)
	}
	return err
}

// done turns the end of ctx into a normal end.
func done(ctx context.Context, err error) error {
	if ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return nil
	}
	return err
}

// follow ingests from the source, stepping after every run that
// committed.
func (w *Watcher) follow(ctx context.Context) error {
	req := w.req.Ingest
	onSummary := func(sum *ingest.Summary) {
		w.update(func(s *Status) { s.Commits += sum.Commits; s.Events += sum.Events })
		w.log.Info("ingested", "sources", sum.Sources, "events", sum.Events, "duplicates", sum.Duplicates,
			"rejected", sum.Rejected, "dropped", sum.Dropped, "commits", sum.Commits, "duration", sum.Duration.String())
		// A day left without its index is read from the copies.
		if err := workflow.IndexAfterIngest(ctx, req.Lake, req.Kind, sum, w.req.Engine); err != nil {
			w.log.Warn("cannot index issued sessions", "error", err.Error())
		}
	}
	if len(w.req.Paths) > 0 {
		for {
			w.phase("ingest")
			sum, err := ingest.Paths(ctx, req, w.req.Paths, nil)
			if sum != nil && sum.Sources > 0 {
				onSummary(sum)
			}
			if err != nil {
				return fmt.Errorf("ingest stopped: %w", err)
			}
			if w.req.Once {
				return nil
			}
			if err := w.Step(ctx); err != nil {
				return err
			}
			w.phase("idle")
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(w.req.Interval):
			}
		}
	}
	var stepErr error
	_, err := s3.Ingest(ctx, s3.IngestRequest{
		Client: w.req.Client, Ingest: req, URIs: w.req.URIs, QueueURL: w.req.QueueURL,
		Follow: !w.req.Once && w.req.QueueURL == "", Interval: w.req.Interval,
		OnSummary: func(sum *ingest.Summary) {
			onSummary(sum)
			if w.req.Once || stepErr != nil {
				return
			}
			// Hunting before the queue's messages are deleted is safe: a
			// crash makes them visible again, and the manifest skips what
			// they name.
			if err := w.Step(ctx); err != nil && ctx.Err() == nil {
				stepErr = err
				w.log.Error("hunt after ingest failed", "error", err.Error())
			}
		},
		OnError: func(err error) {
			w.failed(err)
			w.log.Warn("ingest round failed, will retry", "error", err.Error())
		},
	})
	if err == nil {
		err = stepErr
	}
	return err
}

// Step hunts the commits after the watermark, records the outcome and
// the alerts it calls for in one write of the state, then delivers the
// outbox.
func (w *Watcher) Step(ctx context.Context) error {
	if _, err := w.Hunt(ctx); err != nil {
		return err
	}
	return w.Deliver(ctx)
}

// Hunt hunts the commits after the watermark, if any, and returns the
// alerts it queued.
func (w *Watcher) Hunt(ctx context.Context) ([]Alert, error) {
	c, err := newEvents(w.req.Ingest.Lake, w.st.HuntedThrough)
	if err != nil {
		return nil, err
	}
	if c.Through == w.st.HuntedThrough {
		return nil, nil
	}
	var alerts []Alert
	if c.Events > 0 {
		w.phase("hunt")
		start := time.Now()
		eng := engine.Options{Lake: w.req.Ingest.Lake, Now: w.req.Engine.Now, Threads: w.req.Engine.Threads,
			MemoryLimit: w.req.Engine.MemoryLimit, TempDir: w.req.Engine.TempDir}
		if eng.Now.IsZero() {
			// Relative parameters count from the newest event, so a rerun
			// after a crash finds the same.
			eng.Now = c.Last.Add(time.Millisecond)
		}
		var res *huntRun
		if c.Newest.After(c.Last) {
			// Events older than some already in the lake: a late delivery
			// or a backfill, whose findings may end in later events.
			res, err = runIncremental(ctx, eng, w.groups, w.st, c, w.gap, w.req.Params, w.req.Parallel)
		} else {
			res, err = runTouched(ctx, &w.kept, eng, w.groups, w.st, c, w.gap, w.req.Params, w.req.Parallel)
		}
		if err != nil {
			return nil, fmt.Errorf("cannot hunt the events of %s to %s: %w", c.First.Format(time.RFC3339), c.Last.Format(time.RFC3339), err)
		}
		win := res.Span
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if n := res.Report.Failed(); n > 0 {
			// A failed hunt would miss findings for good once the
			// watermark moves past them: stop, and hunt again next time.
			return nil, fmt.Errorf("%d of %d hunts failed over %s to %s: %s", n, len(res.Report.Summaries),
				win.Start.Format(time.RFC3339), win.End.Format(time.RFC3339), firstFailure(res.Report))
		}
		reconciling := time.Now()
		alerts = reconcile(w.st, res.Incidents, w.req.MinSeverity, w.req.ConsoleURL, time.Now().UTC())
		if retired := retire(w.st, res.Incidents, res.Cover); len(retired) > 0 {
			w.log.Info("incidents retired: a run over all their events did not find them again", "incidents", retired)
		}
		for _, a := range alerts {
			w.st.Outbox = append(w.st.Outbox, &pending{Alert: a, Destinations: w.deliver.destinations()})
		}
		if n := w.st.prune(c.Newest.Add(-w.look - 2*w.gap)); n > 0 {
			w.log.Info("incidents pruned from the state", "incidents", n, "ended_before", w.st.PrunedBefore)
		}
		reconciled := time.Since(reconciling)
		took := time.Since(start)
		w.update(func(s *Status) { s.Hunts++; s.LastHunt = took; s.LastGrouping = res.Grouping; s.LastWindow = win })
		w.mu.Lock()
		w.lastHuntAt, w.lastFindings = time.Now().UTC(), len(res.Report.Findings)
		w.mu.Unlock()
		w.log.Info("hunted", "window_start", win.Start, "window_end", win.End, "new_events", c.Events,
			"findings", len(res.Report.Findings), "incidents", len(res.Incidents), "alerts", len(alerts),
			"duration", took.String(), "open", res.Open.String(), "groups", groupTimes(res),
			"grouping", res.Grouping.String(), "reconcile", reconciled.String(), "slowest", slowest(res.Report, 3))
	}
	w.st.HuntedThrough = c.Through
	if err := w.st.save(w.dir); err != nil {
		return nil, err
	}
	live := w.liveIncidents()
	w.update(func(s *Status) { s.Incidents = live; s.Outbox = len(w.st.Outbox) })
	w.mu.Lock()
	w.huntedThrough = c.Through
	w.mu.Unlock()
	w.notify()
	return alerts, nil
}

// Close releases the engine kept open between hunts. A Watcher stepped
// after Close opens a new one.
func (w *Watcher) Close() { w.kept.close() }

// Deliver works through the outbox.
func (w *Watcher) Deliver(ctx context.Context) error {
	if len(w.st.Outbox) == 0 {
		return nil
	}
	w.phase("deliver")
	sent, err := w.deliver.deliver(ctx, w.st)
	w.update(func(s *Status) { s.AlertsSent += sent; s.Outbox = len(w.st.Outbox) })
	w.notify()
	return err
}

// Incidents are the incidents raised so far and not taken over by
// another: id, severity and finding count as last seen.
func (w *Watcher) Incidents() map[string]hunt.Severity {
	out := map[string]hunt.Severity{}
	for id, k := range w.st.Incidents {
		if k.MergedInto == "" && !k.Retired {
			out[id] = k.Severity
		}
	}
	return out
}

func (w *Watcher) liveIncidents() int { return len(w.Incidents()) }

func (w *Watcher) phase(p string) {
	w.update(func(s *Status) { s.Phase = p })
	w.log.Debug("phase", "phase", p)
	w.notify()
}

// update changes the status under the lock Health takes.
func (w *Watcher) update(change func(*Status)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	change(&w.status)
}

// Status is the running account so far.
func (w *Watcher) Status() Status {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.status
}

func (w *Watcher) notify() {
	if w.req.OnStatus != nil {
		w.req.OnStatus(w.Status())
	}
}

// slowest names the n hunts of a run that took longest, for the log:
// what to look at when a piece takes long.
func slowest(r *hunt.Report, n int) string {
	sums := slices.Clone(r.Summaries)
	slices.SortFunc(sums, func(a, b hunt.Summary) int { return int(b.Duration - a.Duration) })
	var parts []string
	for _, s := range sums[:min(n, len(sums))] {
		parts = append(parts, s.HuntID+" "+s.Duration.Round(time.Millisecond).String())
	}
	return strings.Join(parts, ", ")
}

// groupTimes says, for the log, each group run's look-back, hunts,
// window and time.
func groupTimes(res *huntRun) string {
	parts := make([]string, len(res.Ran))
	for i, r := range res.Ran {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}

func firstFailure(r *hunt.Report) string {
	for _, s := range r.Summaries {
		if s.Err != nil {
			return s.HuntID + ": " + s.Err.Error()
		}
	}
	return ""
}
