package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// maxRejectLines caps per-record messages on stderr; the summary and
// 'lake info' still count every rejection.
const maxRejectLines = 100

func runIngest[T any](ctx context.Context, f *Factory, opts *IngestOptions, sources []source.Source, skipped []source.Skipped, pipe ingest.Options[T]) error {
	w, err := lake.OpenWriter(f.Lake)
	if err != nil {
		return err
	}
	defer w.Close()
	pipe.Workers = opts.Workers
	pipe.BatchRows = opts.BatchRows
	pipe.Progress = &ingest.Progress{}

	var printMu sync.Mutex
	var rejectLines atomic.Int64
	pipe.OnReject = func(r ingest.Rejection) {
		if opts.Quiet {
			return
		}
		n := rejectLines.Add(1)
		printMu.Lock()
		defer printMu.Unlock()
		switch {
		case n <= maxRejectLines:
			fmt.Fprintf(f.Err, "rejected: %s\n", r)
		case n == maxRejectLines+1:
			fmt.Fprintln(f.Err, "rejected: ... (further rejections are counted in the summary and in 'lakehunt lake info')")
		}
	}
	stopProgress := func() {}
	if !opts.Quiet && f.StderrIsTerminal() {
		stopProgress = startProgress(f, pipe.Progress, &printMu)
	}
	summary, err := ingest.Run(ctx, w, sources, skipped, pipe)
	stopProgress()
	if summary != nil {
		summary.Print(f.Err)
	}
	if err != nil {
		return fmt.Errorf("ingest stopped: %w", err)
	}
	if summary.Rejected > 0 {
		return &exitStatusError{code: exitRejected}
	}
	return nil
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
