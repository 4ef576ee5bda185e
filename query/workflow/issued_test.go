package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/storage/crashchild"
	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// chainTrail is a role chain over two accounts on 2024-03-05, with
// GetSessionToken, AssumeRoleWithSAML and the calls of the sessions.
var chainTrail = filepath.Join("..", "..", "engine", "testdata", "sessions", "chain.json")

// TestIndexIssuedSessions: with the issued-session indexes, the sessions
// and issuing calls of the lake, of a window through a day, and of the
// keys of a trace are the rows of the copies; an index of a day a later
// commit changed is not read until the day is indexed again, which
// replaces it; verify reads the indexes.
func TestIndexIssuedSessions(t *testing.T) {
	ctx := context.Background()
	root := testlake.Build(t, chainTrail)
	issued := filepath.Join(root, "_lakehunt", "issued")
	// The whole lake, a window through a day, one across two, and the
	// whole lake with CloudTrail copied without its optional columns (the
	// pack's cache, whose view lacks columns the files have).
	windows := []engine.Options{
		{},
		{From: time.Date(2024, 3, 5, 10, 3, 0, 0, time.UTC), To: time.Date(2024, 3, 5, 12, 30, 0, 0, time.UTC)},
		{From: time.Date(2024, 3, 5, 12, 0, 0, 0, time.UTC), To: time.Date(2024, 3, 7, 0, 0, 0, 0, time.UTC)},
		{Cache: []string{"cloudtrail"}, CacheNarrow: map[string][]string{"unmapped": nil, "observables": nil}},
	}
	queries := []string{
		`SELECT * EXCLUDE (chain), list_transform(chain, l -> l.issuing_event_uid) FROM sessions ORDER BY ALL`,
		`SELECT * FROM issuing_calls ORDER BY ALL`,
		`SELECT * EXCLUDE (chain) FROM traced_sessions(['ASIADATAREADER00001', 'ASIADEPLOYER0000001', 'ASIABOBSESSION00001']) ORDER BY ALL`,
	}
	// answers are the queries' rows in each window, and how many issuing
	// calls were parsed from the copies (cloudtrail_issuing).
	answers := func() (rows []string, parsed int) {
		t.Helper()
		for _, opt := range windows {
			opt.Lake, opt.Dialect = root, engine.DialectDuckDB
			e, err := engine.Open(ctx, opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range queries {
				rows = append(rows, fmt.Sprintf("%v %v %v %s", opt.From, opt.To, opt.Cache, strings.Join(queryLines(t, e, q), "\n")))
			}
			n := queryLines(t, e, `SELECT count(*) FROM cloudtrail_issuing`)[0]
			if n != "[0]" {
				parsed++
			}
			e.Close()
		}
		return rows, parsed
	}
	// truth is answers without any index.
	truth := func() []string {
		t.Helper()
		if err := os.Rename(issued, issued+".away"); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		rows, _ := answers()
		if err := os.Rename(issued+".away", issued); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return rows
	}
	index := func(want int) {
		t.Helper()
		made, err := IndexIssuedSessions(ctx, root, EngineSettings{})
		if err != nil || made != want {
			t.Fatalf("indexed %d days (%v), want %d", made, err, want)
		}
	}
	same := func(step string, wantParsed int) {
		t.Helper()
		want := truth()
		got, parsed := answers()
		if !slices.Equal(got, want) {
			t.Errorf("%s: with the indexes\n%s\nwant\n%s", step, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if parsed != wantParsed {
			t.Errorf("%s: %d windows parsed issuing calls from the copies, want %d", step, parsed, wantParsed)
		}
	}

	want := truth()
	if !strings.Contains(strings.Join(want, "\n"), "ASIADEPLOYER0000001") {
		t.Fatalf("no session of the chain in the lake:\n%s", strings.Join(want, "\n"))
	}
	index(1)
	same("indexed", 0)
	index(0)

	// An engine opened before the next commit, as a long query's is.
	before, err := engine.Open(ctx, engine.Options{Lake: root, Dialect: engine.DialectDuckDB})
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()
	wantBefore := queryLines(t, before, queries[0])

	// A later commit to the indexed day and one to the next day: the
	// first day's index is of files the day no longer holds.
	ingestTrail(t, root, shiftedTrail(t, chainTrail, time.Hour, "-late"), shiftedTrail(t, chainTrail, 24*time.Hour, "-next"))
	same("after a commit", 4)
	index(2)
	same("indexed again", 0)
	// The engine opened before still reads the index of the files it
	// listed: a replaced index stays for the grace replaced files get.
	if got := queryLines(t, before, queries[0]); !slices.Equal(got, wantBefore) {
		t.Errorf("sessions of the engine opened before the commit:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantBefore, "\n"))
	}
	indexFiles := func() []string {
		t.Helper()
		files, err := filepath.Glob(filepath.Join(issued, "aws", "CLOUD_TRAIL_MGMT", "2.0", "eventDay=*", "*"))
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	if files := indexFiles(); len(files) != 3 {
		t.Errorf("index files %v, want the two days' and the one replaced", files)
	}
	defer lake.SetPurgeGracePeriod(lake.SetPurgeGracePeriod(0))
	index(0)
	days := indexFiles()
	if len(days) != 2 {
		t.Errorf("index files %v after the grace, want one for each of the two days", days)
	}

	if problems, err := lake.Verify(root); err != nil || len(problems) > 0 {
		t.Fatalf("verify: %v %v", problems, err)
	}
	if err := os.WriteFile(days[0], []byte("not parquet"), 0o644); err != nil {
		t.Fatal(err)
	}
	problems, err := lake.Verify(root)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "issued-session index") {
		t.Errorf("verify of a broken index: %v %v, want it named", problems, err)
	}
}

// shiftedTrail writes a copy of the CloudTrail file at path whose events
// are later by shift and whose event ids end with suffix.
func shiftedTrail(t *testing.T, path string, shift time.Duration, suffix string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var trail struct{ Records []map[string]any }
	if err := json.Unmarshal(raw, &trail); err != nil {
		t.Fatal(err)
	}
	for _, r := range trail.Records {
		at, err := time.Parse(time.RFC3339, r["eventTime"].(string))
		if err != nil {
			t.Fatal(err)
		}
		r["eventTime"] = at.Add(shift).Format(time.RFC3339)
		r["eventID"] = r["eventID"].(string) + suffix
	}
	out, err := json.Marshal(trail)
	if err != nil {
		t.Fatal(err)
	}
	shifted := filepath.Join(t.TempDir(), "trail"+suffix+".json")
	if err := os.WriteFile(shifted, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return shifted
}

func ingestTrail(t *testing.T, root string, paths ...string) {
	t.Helper()
	sum, err := ingest.Paths(context.Background(), ingest.Request{Lake: root, Kind: source.CloudTrail}, paths, nil)
	if err != nil || sum.Rejected > 0 || sum.Commits == 0 {
		t.Fatalf("ingest %v: %+v %v", paths, sum, err)
	}
}

func queryLines(t *testing.T, e *engine.Engine, q string) []string {
	t.Helper()
	rows, err := e.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		out = append(out, fmt.Sprint(rows.Values()))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestIndexIssuedSessionsChild makes the indexes of the lake the crash
// test names; it only runs as that test's child.
func TestIndexIssuedSessionsChild(t *testing.T) {
	root := os.Getenv("LAKEHUNT_INDEX_CRASH_LAKE")
	if root == "" {
		t.Skip("only runs as the child of the index crash test")
	}
	if _, err := IndexIssuedSessions(context.Background(), root, EngineSettings{Threads: 1}); err != nil {
		t.Fatal(err)
	}
}

// TestIndexIssuedSessionsKilled kills the making of the indexes at random
// instants: whatever it left, the sessions read the same as without
// indexes, verify finds nothing wrong, and the next run finishes with one
// index a day and no temporary.
func TestIndexIssuedSessionsKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	ctx := context.Background()
	root := testlake.Build(t, chainTrail)
	for day := 1; day <= 5; day++ {
		ingestTrail(t, root, shiftedTrail(t, chainTrail, time.Duration(day)*24*time.Hour, fmt.Sprintf("-day%d", day)))
	}
	sessions := func(lakeDir string) string {
		t.Helper()
		e, err := engine.Open(ctx, engine.Options{Lake: lakeDir, Dialect: engine.DialectDuckDB})
		if err != nil {
			t.Fatal(err)
		}
		defer e.Close()
		return strings.Join(queryLines(t, e, `SELECT * EXCLUDE (chain), list_transform(chain, l -> l.issuing_event_uid) FROM sessions ORDER BY ALL`), "\n")
	}
	want := sessions(root)
	child := func(lakeDir string) crashchild.Child {
		return crashchild.Child{Test: "TestIndexIssuedSessionsChild", Name: "index issued sessions", Env: []string{"LAKEHUNT_INDEX_CRASH_LAKE=" + lakeDir}}
	}
	scratch := t.TempDir()
	if err := os.CopyFS(scratch, os.DirFS(root)); err != nil {
		t.Fatal(err)
	}
	// A run over the fresh lake times the whole work; a second one, with
	// nothing left to index, times start-up.
	_, whole := child(scratch).Run(t, 0)
	_, startup := child(scratch).Run(t, 0)
	if whole <= startup {
		whole = startup + 50*time.Millisecond
	}
	rng := rand.New(rand.NewPCG(3, uint64(time.Now().UnixNano())))
	kills, midway := 0, 0
	const wantKills, maxRounds = 6, 24
	rounds := 0
	for ; rounds < maxRounds && kills < wantKills; rounds++ {
		round := rounds
		lakeDir := t.TempDir()
		if err := os.CopyFS(lakeDir, os.DirFS(root)); err != nil {
			t.Fatal(err)
		}
		killed, ran := child(lakeDir).Run(t, startup+time.Duration(rng.Int64N(int64(whole-startup)+1)))
		if !killed && ran > startup {
			// A run that finished says how long the work takes now.
			whole = ran
		}
		if killed {
			kills++
			if left, _ := filepath.Glob(filepath.Join(lakeDir, "_lakehunt", "issued", "*", "*", "*", "*", "*")); len(left) > 0 {
				midway++
			}
		}
		if got := sessions(lakeDir); got != want {
			t.Fatalf("round %d (killed: %v): sessions\n%s\nwant\n%s", round, killed, got, want)
		}
		if problems, err := lake.Verify(lakeDir); err != nil || len(problems) > 0 {
			t.Fatalf("round %d: verify: %v %v", round, problems, err)
		}
		if _, err := IndexIssuedSessions(ctx, lakeDir, EngineSettings{}); err != nil {
			t.Fatal(err)
		}
		left, err := filepath.Glob(filepath.Join(lakeDir, "_lakehunt", "issued", "aws", "CLOUD_TRAIL_MGMT", "2.0", "eventDay=*", "*"))
		if err != nil || len(left) != 6 {
			t.Fatalf("round %d: after a run to the end the indexes are %v (%v), want one for each of 6 days", round, left, err)
		}
		if got := sessions(lakeDir); got != want {
			t.Fatalf("round %d: sessions from the indexes\n%s\nwant\n%s", round, got, want)
		}
	}
	t.Logf("%d of %d runs killed, %d of them after some days were indexed (a whole run %s, start-up %s)", kills, rounds, midway, whole.Round(time.Millisecond), startup.Round(time.Millisecond))
	if kills < wantKills {
		t.Errorf("only %d runs of %d were killed: the test proves little", kills, rounds)
	}
}
