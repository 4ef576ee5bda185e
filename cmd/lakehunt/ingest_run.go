package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lakehunt/lakehunt/query/workflow"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/source"
)

// maxRejectLines caps per-record messages on stderr; the summary and
// 'lake info' still count every rejection.
const maxRejectLines = 100

// ingestPrinter shows an ingest on stderr: each rejection (up to
// maxRejectLines a run), a progress line on a terminal, and each run's
// summary. With --quiet, only the summaries.
type ingestPrinter struct {
	f           *Factory
	quiet       bool
	json        bool       // summaries as JSON lines on stdout
	mu          sync.Mutex // one writer of stderr at a time
	rejectLines atomic.Int64
}

func newIngestPrinter(f *Factory, opts *IngestOptions) *ingestPrinter {
	return &ingestPrinter{f: f, quiet: opts.Quiet, json: opts.Format == "json"}
}

// request is the pipeline request of an ingest subcommand, printing as it
// goes.
func (p *ingestPrinter) request(opts *IngestOptions, kind source.Kind, flows ingest.FlowConfig) (ingest.Request, error) {
	req, err := opts.request(p.f, kind, flows)
	if err != nil {
		return req, err
	}
	if !p.quiet {
		req.OnReject = p.reject
		if p.f.StderrIsTerminal() {
			req.Watch = func(progress *ingest.Progress) func() { return startProgress(p.f, progress, &p.mu) }
		}
	}
	return req, nil
}

func (p *ingestPrinter) reject(r ingest.Rejection) {
	n := p.rejectLines.Add(1)
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case n <= maxRejectLines:
		fmt.Fprintf(p.f.Err, "rejected: %s\n", r)
	case n == maxRejectLines+1:
		fmt.Fprintln(p.f.Err, "rejected: ... (further rejections are counted in the summary and in 'lakehunt lake info')")
	}
}

// summary prints a run's summary; the next run prints its own rejections.
func (p *ingestPrinter) summary(s *ingest.Summary) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.json {
		if err := json.NewEncoder(p.f.Out).Encode(s); err != nil {
			fmt.Fprintf(p.f.Err, "lakehunt: cannot write the summary: %v\n", err)
		}
	} else {
		s.Print(p.f.Err)
	}
	p.rejectLines.Store(0)
}

// ingestLocal ingests local paths (and "-" for stdin): exit status 3 when
// records were rejected.
func ingestLocal(ctx context.Context, f *Factory, opts *IngestOptions, kind source.Kind, flows ingest.FlowConfig, paths []string) error {
	p := newIngestPrinter(f, opts)
	req, err := p.request(opts, kind, flows)
	if err != nil {
		return err
	}
	summary, err := ingest.Paths(ctx, req, paths, f.In)
	if summary == nil {
		return err
	}
	p.summary(summary)
	warnUnindexed(f, workflow.IndexAfterIngest(ctx, f.Lake, kind, summary, workflow.EngineSettings{}))
	if err != nil {
		return fmt.Errorf("ingest stopped: %w", err)
	}
	if summary.Rejected > 0 {
		return &exitStatusError{code: exitRejected}
	}
	return nil
}

// indexIssuedSessions makes the issued-session indexes of the days a
// commit changed (workflow.IndexIssuedSessions).
func indexIssuedSessions(ctx context.Context, f *Factory) {
	_, err := workflow.IndexIssuedSessions(ctx, f.Lake, workflow.EngineSettings{})
	warnUnindexed(f, err)
}

// warnUnindexed prints the error of an indexing as a warning. What was
// committed stays committed whatever happens there, and a day without its
// index is read from the copies, the same rows: it is not the exit status.
func warnUnindexed(f *Factory, err error) {
	if err != nil {
		fmt.Fprintf(f.Err, "warning: %v (session traces read the issuing calls of each file instead)\n", err)
	}
}

// startProgress redraws one status line on stderr until stopped.
func startProgress(f *Factory, p *ingest.Progress, mu *sync.Mutex) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	start := time.Now()
	go func() {
		defer wg.Done()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				mu.Lock()
				fmt.Fprint(f.Err, "\r\033[K")
				mu.Unlock()
				return
			case <-tick.C:
				total, doneN := p.SourcesTotal.Load(), p.SourcesDone.Load()
				secs := time.Since(start).Seconds()
				bar := progressBar(doneN, total, 24)
				mu.Lock()
				fmt.Fprintf(f.Err, "\r\033[K%s %d/%d sources  %d events  %.0f events/s  %.1f MB/s",
					bar, doneN, total, p.Events.Load(), float64(p.Events.Load())/secs, float64(p.Bytes.Load())/secs/1e6)
				mu.Unlock()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func progressBar(done, total int64, width int) string {
	if total <= 0 {
		total = 1
	}
	filled := int(done * int64(width) / total)
	if filled > width {
		filled = width
	}
	bar := make([]byte, width)
	for i := range bar {
		if i < filled {
			bar[i] = '#'
		} else {
			bar[i] = '.'
		}
	}
	return "[" + string(bar) + "]"
}
