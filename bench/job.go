package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/lakehunt/lakehunt/engine"
)

// A job is one side of one scenario, run in a child process of its own so
// that its peak memory (ru_maxrss) is its own and nothing it allocated
// lingers into the next measurement.
type job struct {
	Kind jobKind `json:"kind"`
	// Raw is the generated logs, Lake the lakehunt lake, Out where the
	// side writes (a rival's Parquet tree, a CSV file).
	Raw  string `json:"raw,omitempty"`
	Lake string `json:"lake,omitempty"`
	Out  string `json:"out,omitempty"`
	// From and To bound a query window; Now pins the SQL clock.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	Now  time.Time `json:"now,omitzero"`
	// Repeats runs each query that many times and keeps the fastest.
	Repeats int `json:"repeats,omitempty"`
	// Limit caps the rows of an export.
	Limit int64 `json:"limit,omitempty"`
	// Hunts selects hunts by id; empty means the whole pack.
	Hunts []string `json:"hunts,omitempty"`
	// MemoryLimit caps DuckDB in the engine ("" is DuckDB's 80% of RAM).
	MemoryLimit string `json:"memory_limit,omitempty"`
	// NoCache runs the pack over the Parquet files, without the sorted
	// copy of CloudTrail: the rival of the pack's own run.
	NoCache bool `json:"no_cache,omitempty"`
	// Entity is what an investigation looks at: "ip" or "principal", and
	// its value.
	EntityKind string `json:"entity_kind,omitempty"`
	Entity     string `json:"entity,omitempty"`
	// ConsolePack reads the console's entity page to its end, which waits
	// for the hunting pack.
	ConsolePack bool `json:"console_pack,omitempty"`
	// Pieces is how many deliveries a day arrives in (the watch scenario).
	Pieces int `json:"pieces,omitempty"`
}

type jobKind string

const (
	jobIngestCloudTrail      jobKind = "ingest-cloudtrail"
	jobRivalIngestCloudTrail jobKind = "rival-ingest-cloudtrail"
	jobIngestVPCFlow         jobKind = "ingest-vpcflow"
	jobRivalIngestVPCFlow    jobKind = "rival-ingest-vpcflow"
	jobScan                  jobKind = "scan"
	jobRivalScan             jobKind = "rival-scan"
	jobWindow                jobKind = "window"
	jobCopyCSV               jobKind = "copy-csv"
	jobOutputCSV             jobKind = "output-csv"
	jobRivalCSV              jobKind = "rival-csv"
	jobHunts                 jobKind = "hunts"
	jobRivalHunts            jobKind = "rival-hunts"
	jobInvestigate           jobKind = "investigate"
	jobConsole               jobKind = "console"
	jobWatchPieces           jobKind = "watch-pieces"
	jobWatchWhole            jobKind = "watch-whole"
)

// outcome is what a job reports back on stdout, as one JSON object.
type outcome struct {
	// Seconds is the measured work, without process start-up.
	Seconds float64 `json:"seconds"`
	Rows    int64   `json:"rows"`
	Bytes   int64   `json:"bytes,omitempty"`
	// Detail holds per-query times and counts, named by the job.
	Detail map[string]float64 `json:"detail,omitempty"`
	// PeakRSS is the process's own high-water resident memory, where the
	// system tells it (see peakRSS).
	PeakRSS int64 `json:"peak_rss_bytes,omitempty"`
	// Errors are failures that did not stop the job (a hunt that failed
	// while the rest of the pack ran).
	Errors []string `json:"errors,omitempty"`
}

var jobRunners = map[jobKind]func(context.Context, job) (outcome, error){
	jobIngestCloudTrail:      runIngestCloudTrail,
	jobRivalIngestCloudTrail: runRivalIngestCloudTrail,
	jobIngestVPCFlow:         runIngestVPCFlow,
	jobRivalIngestVPCFlow:    runRivalIngestVPCFlow,
	jobScan:                  runScan,
	jobRivalScan:             runRivalScan,
	jobWindow:                runWindow,
	jobCopyCSV:               runCopyCSV,
	jobOutputCSV:             runOutputCSV,
	jobRivalCSV:              runRivalCSV,
	jobHunts:                 runHunts,
	jobRivalHunts:            runRivalHunts,
	jobInvestigate:           runInvestigate,
	jobConsole:               runConsole,
	jobWatchPieces:           runWatchPieces,
	jobWatchWhole:            runWatchWhole,
}

// Worker runs the job encoded in spec (as the runner wrote it) and writes
// its outcome as JSON to w. The CLI's hidden bench-worker command and the
// test binary call it in the child process.
func Worker(ctx context.Context, spec string, w io.Writer) error {
	var j job
	if err := json.Unmarshal([]byte(spec), &j); err != nil {
		return fmt.Errorf("cannot parse bench job %q: %w", spec, err)
	}
	run, ok := jobRunners[j.Kind]
	if !ok {
		return fmt.Errorf("unknown bench job %q", j.Kind)
	}
	out, err := run(ctx, j)
	if err != nil {
		return fmt.Errorf("bench job %s: %w", j.Kind, err)
	}
	out.PeakRSS = peakRSS()
	return json.NewEncoder(w).Encode(out)
}

// peakRSS is VmHWM, the high-water resident set of this process's
// address space. The parent's ru_maxrss of the child is not enough on
// Linux: Go starts children with vfork semantics, and exec records the
// parent's own high-water mark as the child's ru_maxrss, so any child
// smaller than its parent would report the parent's peak.
func peakRSS() int64 {
	_, peak := engine.ResidentMemory()
	return peak
}

// timed runs fn and returns how long it took.
func timed(fn func() error) (float64, error) {
	start := time.Now()
	err := fn()
	return time.Since(start).Seconds(), err
}

// best runs fn n times (at least once) and returns the fastest time.
func best(n int, fn func() error) (float64, error) {
	fastest := 0.0
	for i := 0; i < max(n, 1); i++ {
		secs, err := timed(fn)
		if err != nil {
			return 0, err
		}
		if i == 0 || secs < fastest {
			fastest = secs
		}
	}
	return fastest, nil
}
