package hunt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenWindow is the day every fixture's events of interest fall in;
// baseline events lie in the weeks before it.
var goldenWindow = Window{
	Start: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
	End:   time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC),
}

// A hunt's golden directory, testdata/hunts/<id>/ at the module root,
// holds raw events in the formats AWS delivers them:
//
//	fire.json / fire.log    CloudTrail records / flow log lines that must fire
//	quiet.json / quiet.log  near misses that must not
//	params.json             parameter overrides, when the test needs them
//	expected.json           the findings
//
// Both sets go into one lake, through the real ingest pipeline. The hunt
// must find something, every finding must cite fire events only (so no
// quiet event fired, alone or by adding to a count), and the findings must
// equal expected.json.
func TestGoldens(t *testing.T) {
	pack := builtinPack(t)
	root := goldenRoot(t)
	for _, h := range pack.Hunts {
		dir := filepath.Join(root, h.ID)
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			t.Errorf("hunt %s has no golden directory %s", h.ID, dir)
			continue
		}
		t.Run(h.ID, func(t *testing.T) {
			t.Parallel()
			checkGolden(t, h, dir)
		})
	}
}

// goldenRoot is testdata/hunts at the module root, which holds a golden
// directory per hunt.
func goldenRoot(tb testing.TB) string {
	return filepath.Join(sharedcorpus.ModuleRoot(tb), "testdata", "hunts")
}

func checkGolden(t *testing.T, h *Hunt, dir string) {
	fire := existing(dir, "fire.json", "fire.log")
	quiet := existing(dir, "quiet.json", "quiet.log")
	if len(fire) == 0 || len(quiet) == 0 {
		t.Fatalf("%s needs fire and quiet events", dir)
	}
	params := map[string]string{}
	if data, err := os.ReadFile(filepath.Join(dir, "params.json")); err == nil {
		if err := json.Unmarshal(data, &params); err != nil {
			t.Fatalf("params.json: %v", err)
		}
	}
	if err := CheckParams([]*Hunt{h}, params); err != nil {
		t.Fatal(err)
	}
	e := openEngine(t, testlake.Build(t, append(fire, quiet...)...), []*Hunt{h}, goldenWindow)
	got, sum := RunOne(context.Background(), e, h, RunOptions{Window: goldenWindow, Now: goldenWindow.End, Params: params})
	if sum.Err != nil {
		t.Fatal(sum.Err)
	}
	SortFindings(got)
	if len(got) == 0 {
		t.Fatal("the fire events give no finding")
	}
	fired := evidenceIDs(t, fire)
	for _, f := range got {
		if len(f.EvidenceUIDs) == 0 {
			t.Errorf("finding %q cites no event", f.Summary)
		}
		for _, uid := range f.EvidenceUIDs {
			if !fired[uid] {
				t.Errorf("finding %q cites %s, which is not a fire event", f.Summary, uid)
			}
		}
	}
	gotJSON, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	gotJSON = append(gotJSON, '\n')
	path := filepath.Join(dir, "expected.json")
	if *update {
		if err := os.WriteFile(path, gotJSON, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if !bytes.Equal(gotJSON, want) {
		t.Errorf("findings differ from %s (go test -update rewrites it):\n%s", path, gotJSON)
	}
}

func existing(dir string, names ...string) []string {
	var out []string
	for _, n := range names {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// evidenceIDs are the ids a finding may cite for the fixture files: the
// eventIDs of CloudTrail records, and for flow records the id the hunts
// build, interface@start-ms src:port>dst:port/protocol (flows carry no
// metadata.uid).
func evidenceIDs(t *testing.T, files []string) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Ext(f) == ".log" {
			for _, id := range flowIDs(t, f, data) {
				ids[id] = true
			}
			continue
		}
		var env struct {
			Records []struct {
				EventID string `json:"eventID"`
			}
		}
		if err := json.Unmarshal(data, &env); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, r := range env.Records {
			ids[r.EventID] = true
		}
	}
	return ids
}

// flowIDs reads a flow log with a header line.
func flowIDs(t *testing.T, name string, data []byte) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	header := strings.Fields(lines[0])
	var ids []string
	for i, line := range lines[1:] {
		fields := strings.Fields(line)
		if len(fields) != len(header) {
			t.Fatalf("%s: line %d has %d fields, the header %d", name, i+2, len(fields), len(header))
		}
		v := map[string]string{}
		for j, h := range header {
			if fields[j] != "-" {
				v[h] = fields[j]
			}
		}
		start, err := strconv.ParseInt(v["start"], 10, 64)
		if err != nil {
			t.Fatalf("%s: line %d: start: %v", name, i+2, err)
		}
		ids = append(ids, fmt.Sprintf("%s@%d %s:%s>%s:%s/%s", v["interface-id"], start*1000,
			v["srcaddr"], v["srcport"], v["dstaddr"], v["dstport"], v["protocol"]))
	}
	return ids
}
