package hunt

import (
	"context"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// The pack's promises: at least 100 hunts, at least 25 that keep state,
// at least 15 over VPC Flow Logs, every Logic represented, every hunt
// placed in ATT&CK.
func TestPackCoverage(t *testing.T) {
	pack := builtinPack(t)
	var stateful, vpc int
	logics := map[Logic]int{}
	for _, h := range pack.Hunts {
		if len(h.Tactics) == 0 || len(h.Techniques) == 0 {
			t.Errorf("%s names no ATT&CK tactic or technique (\"-\" is for imported rules)", h.ID)
		}
		if h.Stateful() {
			stateful++
		}
		if h.Source != SourceCloudTrail {
			vpc++
		}
		logics[h.Logic]++
	}
	f := func(what string, got, min int) {
		t.Helper()
		if got < min {
			t.Errorf("%d %s, want at least %d", got, what, min)
		}
	}
	f("hunts", len(pack.Hunts), 100)
	f("stateful hunts", stateful, 25)
	f("VPC Flow hunts", vpc, 15)
	for _, l := range logics {
		f("hunts of a logic", l, 1)
	}
	if len(logics) != len(allLogics) {
		t.Errorf("logics used: %v, want all of %v", logics, allLogics)
	}
}

// The finding contract is written once, as engine macros: the actor is
// lh_actor, evidence is picked by lh_earliest, which breaks ties of time,
// and a finding's evidence_uids by lh_evidence, which holds the limit. A
// min_by written out by hand is where a tie-break gets forgotten, a
// coalesce of actor fields where one hunt names an actor differently, and
// a written-out limit where one hunt keeps more or less evidence.
func TestHuntsWriteTheFindingContractThroughMacros(t *testing.T) {
	actor := regexp.MustCompile(`coalesce\(\s*(\w+\.)?actor\.user\.uid,\s*(\w+\.)?actor\.user\.name\b`)
	for _, h := range builtinPack(t).Hunts {
		if strings.Contains(h.SQL, "min_by(") {
			t.Errorf("%s: min_by written out; use lh_earliest(x, time_dt[, n])", h.ID)
		}
		if m := actor.FindString(h.SQL); m != "" {
			t.Errorf("%s: %s... writes the actor out; use lh_actor(actor)", h.ID, m)
		}
		for _, args := range callArguments(h.SQL, "lh_earliest") {
			if n, err := strconv.Atoi(args[len(args)-1]); err == nil && n >= result.MaxEvidence-1 {
				t.Errorf("%s: lh_earliest(%s) writes the evidence limit out; use lh_evidence(x, time_dt) or lh_evidence(first_uid, x, time_dt)",
					h.ID, strings.Join(args, ", "))
			}
		}
	}
}

// callArguments returns the arguments of every call of fn in sql, each
// trimmed, split at the commas outside nested parentheses.
func callArguments(sql, fn string) [][]string {
	var calls [][]string
	for rest := sql; ; {
		i := strings.Index(rest, fn+"(")
		if i < 0 {
			return calls
		}
		rest = rest[i+len(fn)+1:]
		var args []string
		depth, start := 0, 0
	scan:
		for j, c := range rest {
			switch {
			case c == '(':
				depth++
			case c == ')' && depth > 0:
				depth--
			case c == ',' && depth == 0:
				args = append(args, strings.TrimSpace(rest[start:j]))
				start = j + 1
			case c == ')':
				args = append(args, strings.TrimSpace(rest[start:j]))
				break scan
			}
		}
		calls = append(calls, args)
	}
}

// The cloudtrail view holds management events only, as Security Lake's
// CLOUD_TRAIL_MGMT does; S3 and Lambda data events are in s3_data and
// lambda_execution. A hunt that names a data event's operation reads
// cloudtrail_all, or it would never see the events it looks for; so does
// a hunt that names a table to a macro ('cloudtrail_all').
func TestDataEventHuntsReadEveryCloudTrailTable(t *testing.T) {
	dataOperation := regexp.MustCompile(`'(GetObject|PutObject|PutObjectAcl|CopyObject|DeleteObjects?|HeadObject|CreateMultipartUpload|UploadPart|RestoreObject|SelectObjectContent|Invoke)'`)
	managementOnly := regexp.MustCompile(`(?i)\b(FROM|JOIN)\s+cloudtrail\b|'cloudtrail'`)
	n := 0
	for _, h := range builtinPack(t).Hunts {
		if !dataOperation.MatchString(h.SQL) {
			continue
		}
		n++
		if managementOnly.MatchString(h.SQL) {
			t.Errorf("%s looks for data events (%s) in the cloudtrail view: read cloudtrail_all", h.ID, dataOperation.FindString(h.SQL))
		}
	}
	if n == 0 {
		t.Fatal("no hunt names a data event's operation")
	}
}

// Every hunt runs on a lake with no data at all and returns the findings
// shape (RunOne checks the columns before reading rows).
func TestEveryHuntRunsOnAnEmptyLake(t *testing.T) {
	report := runPack(t, t.TempDir(), builtinPack(t), RunOptions{Window: goldenWindow, Parallel: 2})
	if len(report.Findings) != 0 {
		t.Errorf("%d findings on an empty lake, first: %+v", len(report.Findings), report.Findings[0])
	}
}

func TestRunReportsAWrongShapeAndCarriesOn(t *testing.T) {
	bad, err := Parse("bad_shape.sql", []byte(strings.Replace(validHunt, "SELECT * FROM", "SELECT 1 AS one FROM", 1)))
	if err != nil {
		t.Fatal(err)
	}
	good, _ := builtinPack(t).Get("cloudtrail_logging_stopped")
	dir := sharedcorpus.ModuleRoot(t) + "/testdata/hunts/cloudtrail_logging_stopped"
	e := openEngine(t, testlake.Build(t, dir+"/fire.json"), []*Hunt{bad, good}, goldenWindow)
	report := Run(context.Background(), e, []*Hunt{good, bad}, RunOptions{Window: goldenWindow})
	if report.Failed() != 1 || !strings.Contains(report.Summaries[1].Err.Error(), "returns columns (one), want (first_time") {
		t.Errorf("summaries: %+v", report.Summaries)
	}
	if report.Summaries[0].Findings != 2 || len(report.Findings) != 2 {
		t.Errorf("the good hunt found %d, report holds %d findings", report.Summaries[0].Findings, len(report.Findings))
	}
	if !report.AtLeast(SeverityCritical) || report.AtLeast(Severity(SeverityCritical+1)) {
		t.Error("AtLeast misjudges a critical finding")
	}
}

func TestCheckParams(t *testing.T) {
	pack := builtinPack(t)
	scan, _ := pack.Get("vpc_port_scan_vertical")
	stop, _ := pack.Get("cloudtrail_logging_stopped")
	hs := []*Hunt{scan, stop}
	f := func(params map[string]string, wantErr string) {
		t.Helper()
		err := CheckParams(hs, params)
		switch {
		case wantErr == "" && err != nil:
			t.Errorf("%v: %v", params, err)
		case wantErr != "" && (err == nil || !strings.Contains(err.Error(), wantErr)):
			t.Errorf("%v: error %v, want %q", params, err, wantErr)
		}
	}
	f(map[string]string{"min_ports": "5"}, "")
	f(map[string]string{"vpc_port_scan_vertical.min_ports": "5"}, "")
	f(map[string]string{"min_ports": "five"}, `"five" is not an integer`)
	f(map[string]string{"cloudtrail_logging_stopped.min_ports": "5"}, "no selected hunt has this parameter")
	f(map[string]string{"colour": "red"}, "--param colour: no selected hunt")
	got := overridesFor(scan, map[string]string{"min_ports": "5", "vpc_port_scan_vertical.min_ports": "7", "other.min_ports": "9"})
	if got["min_ports"] != "7" || len(got) != 1 {
		t.Errorf("overrides = %v, want the hunt-scoped value", got)
	}
}

// firstRunOutOfMemory is the engine, taking the error TestRunAgainAlone's
// hunt raises on its first run for running out of memory.
type firstRunOutOfMemory struct{ *engine.Engine }

func (e firstRunOutOfMemory) OutOfMemory(err error) bool {
	return strings.Contains(err.Error(), "first run")
}

// TestRunAgainAlone checks that a hunt whose error the Querier tells is
// running out of memory runs again after the others, alone, and reports
// only how that went: one start and one finish heard, its findings kept.
// Its first run fails by design (a sequence's first value raises an
// error), as a hunt that ran out of memory beside another would.
func TestRunAgainAlone(t *testing.T) {
	good, _ := builtinPack(t).Get("cloudtrail_logging_stopped")
	flaky := *good
	flaky.ID = "fails_first"
	flaky.SQL = "SELECT * FROM (" + good.SQL + ") WHERE nextval('first_runs') > 1 OR error('first run')"
	dir := sharedcorpus.ModuleRoot(t) + "/testdata/hunts/cloudtrail_logging_stopped"
	e := openEngine(t, testlake.Build(t, dir+"/fire.json"), []*Hunt{good}, goldenWindow)
	if err := e.Exec(context.Background(), "CREATE SEQUENCE first_runs"); err != nil {
		t.Fatal(err)
	}
	if _, ok := Querier(e).(memoryTeller); !ok {
		t.Error("the engine cannot tell running out of memory: Run would never run a hunt again by default")
	}
	var mu sync.Mutex
	heard := map[string]int{}
	opt := RunOptions{Window: goldenWindow, Parallel: 2,
		Started:  func(h *Hunt) { mu.Lock(); heard["start "+h.ID]++; mu.Unlock() },
		Finished: func(s Summary) { mu.Lock(); heard["finish "+s.HuntID]++; mu.Unlock() },
	}
	report := Run(context.Background(), firstRunOutOfMemory{e}, []*Hunt{&flaky, good}, opt)
	if report.Failed() != 0 || report.Summaries[0].Findings != 2 || len(report.Findings) != 4 {
		t.Errorf("summaries %+v, %d findings; want both hunts with 2 findings each", report.Summaries, len(report.Findings))
	}
	want := map[string]int{"start fails_first": 1, "finish fails_first": 1, "start cloudtrail_logging_stopped": 1, "finish cloudtrail_logging_stopped": 1}
	if !reflect.DeepEqual(heard, want) {
		t.Errorf("heard %v, want %v", heard, want)
	}
	// With one worker nothing ran beside it: its error stands.
	if err := e.Exec(context.Background(), "DROP SEQUENCE first_runs; CREATE SEQUENCE first_runs"); err != nil {
		t.Fatal(err)
	}
	report = Run(context.Background(), firstRunOutOfMemory{e}, []*Hunt{&flaky, good}, RunOptions{Window: goldenWindow})
	if report.Failed() != 1 || !strings.Contains(report.Summaries[0].Err.Error(), "first run") {
		t.Errorf("one worker: %+v, want the first run's error", report.Summaries)
	}
}
