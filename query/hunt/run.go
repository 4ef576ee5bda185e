package hunt

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lakehunt/lakehunt/engine/result"
)

// Querier runs one statement with bound arguments; *engine.Engine is one.
type Querier interface {
	Query(ctx context.Context, sqlText string, args ...any) (*result.Rows, error)
}

// memoryTeller is a Querier that can tell its running out of memory from
// other errors (the engine: engine.IsOutOfMemory). Run runs again after
// the others, alone, a hunt that ran out of memory beside another, which
// a hunt in one memory limit with another can do where alone it would
// not.
type memoryTeller interface {
	OutOfMemory(error) bool
}

// RunOptions configure a run of several hunts.
type RunOptions struct {
	Window Window
	Now    time.Time
	// Params overrides parameters, as given to --param: "name" applies to
	// every hunt that declares it, "hunt_id.name" to that hunt only.
	Params map[string]string
	// Parallel is how many hunts run at once; 0 means 1. Hunts that read
	// VPC Flow run one at a time all the same (runQueue).
	Parallel int
	// Started and Finished, when set, hear of each hunt as it starts and
	// as it ends, from the goroutine that runs it: a page's progress.
	Started  func(*Hunt)
	Finished func(Summary)

	baselines *baselines // set by Run, shared by its hunts
}

// Summary is how one hunt's run went.
type Summary struct {
	HuntID   string
	Severity Severity
	Findings int
	Duration time.Duration
	Err      error
	// Skipped says why the hunt did not run (a baseline the lake does
	// not hold); it is not a failure.
	Skipped string
}

// Report is the outcome of a run.
type Report struct {
	Window    Window
	Findings  []Finding // most severe first
	Summaries []Summary // in hunt order
	Duration  time.Duration
}

// Skipped counts the hunts that did not run for want of a baseline.
func (r *Report) Skipped() int {
	n := 0
	for _, s := range r.Summaries {
		if s.Skipped != "" {
			n++
		}
	}
	return n
}

// Failed counts the hunts that ended in an error.
func (r *Report) Failed() int {
	n := 0
	for _, s := range r.Summaries {
		if s.Err != nil {
			n++
		}
	}
	return n
}

// AtLeast reports whether some finding is at least as severe as s.
func (r *Report) AtLeast(s Severity) bool {
	for _, f := range r.Findings {
		if f.Severity >= s {
			return true
		}
	}
	return false
}

// EarliestNeeded is the oldest time any of the hunts reads: the window
// start minus the longest baseline. Open the engine from there.
func EarliestNeeded(hs []*Hunt, w Window) time.Time {
	var longest time.Duration
	for _, h := range hs {
		longest = max(longest, h.Baseline)
	}
	return w.Start.Add(-longest)
}

// CheckParams refuses overrides that no selected hunt declares, and values
// that do not parse as the declared type, before anything runs.
func CheckParams(hs []*Hunt, params map[string]string) error {
	var problems []string
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		matched := false
		for _, h := range hs {
			if p, ok := paramFor(h, key); ok {
				matched = true
				if _, err := p.Value(params[key]); err != nil {
					problems = append(problems, fmt.Sprintf("--param %s: %v", key, err))
				}
			}
		}
		if !matched {
			problems = append(problems, fmt.Sprintf("--param %s: no selected hunt has this parameter", key))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

func paramFor(h *Hunt, key string) (Param, bool) {
	if id, name, ok := strings.Cut(key, "."); ok {
		if id != h.ID {
			return Param{}, false
		}
		return h.Param(name)
	}
	return h.Param(key)
}

// overridesFor picks the overrides that apply to h; a hunt-scoped value
// wins over a global one.
func overridesFor(h *Hunt, params map[string]string) map[string]string {
	out := map[string]string{}
	for key, v := range params {
		if !strings.Contains(key, ".") {
			if _, ok := h.Param(key); ok {
				out[key] = v
			}
		}
	}
	for key, v := range params {
		if id, name, ok := strings.Cut(key, "."); ok && id == h.ID {
			out[name] = v
		}
	}
	return out
}

// Run runs the hunts over the window. A hunt that fails is reported in its
// summary; the others still run.
func Run(ctx context.Context, q Querier, hs []*Hunt, opt RunOptions) *Report {
	start := time.Now()
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	opt.baselines = &baselines{}
	teller, _ := q.(memoryTeller)
	results := make([][]Finding, len(hs))
	summaries := make([]Summary, len(hs))
	queue := newRunQueue(hs)
	workers := min(max(opt.Parallel, 1), max(len(hs), 1))
	again := make([]bool, len(hs))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, ok := queue.next(-1); ok; i, ok = queue.next(i) {
				if opt.Started != nil {
					opt.Started(hs[i])
				}
				results[i], summaries[i] = RunOne(ctx, q, hs[i], opt)
				if workers > 1 && teller != nil && summaries[i].Err != nil && teller.OutOfMemory(summaries[i].Err) {
					again[i] = true // it finishes when it has run alone
					continue
				}
				if opt.Finished != nil {
					opt.Finished(summaries[i])
				}
			}
		}()
	}
	wg.Wait()
	for i, h := range hs {
		if !again[i] {
			continue
		}
		first := summaries[i].Duration
		results[i], summaries[i] = RunOne(ctx, q, h, opt)
		summaries[i].Duration += first
		if opt.Finished != nil {
			opt.Finished(summaries[i])
		}
	}
	r := &Report{Window: opt.Window, Summaries: summaries}
	for _, fs := range results {
		r.Findings = append(r.Findings, fs...)
	}
	SortFindings(r.Findings)
	r.Duration = time.Since(start)
	return r
}

// RunOne runs a single hunt.
func RunOne(ctx context.Context, q Querier, h *Hunt, opt RunOptions) ([]Finding, Summary) {
	start := time.Now()
	sum := Summary{HuntID: h.ID, Severity: h.Severity}
	findings, skipped, err := runOne(ctx, q, h, opt)
	sum.Skipped = skipped
	sum.Duration = time.Since(start)
	if err != nil {
		sum.Err = fmt.Errorf("hunt %s (%s): %w", h.ID, h.Origin, err)
		return nil, sum
	}
	sum.Findings = len(findings)
	return findings, sum
}

// runOne returns the hunt's findings, or why it was skipped.
func runOne(ctx context.Context, q Querier, h *Hunt, opt RunOptions) ([]Finding, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	if gap, err := baselineGap(ctx, q, h, opt.Window, opt.baselines); err != nil || gap != "" {
		return nil, gap, err
	}
	b, err := h.Bind(opt.Window, opt.Now, overridesFor(h, opt.Params))
	if err != nil {
		return nil, "", err
	}
	rows, err := q.Query(ctx, b.SQL, b.Args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	findings, err := scanFindings(h, rows)
	return findings, "", err
}
