package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/engine"
)

// The diagnostic flags write their files whether the command succeeds or
// fails: a memory trace is wanted most when a command runs out of memory.
func TestProfilesWrittenOnSuccessAndFailure(t *testing.T) {
	f := func(sql string, wantCode int) {
		t.Helper()
		dir := t.TempDir()
		trace, cpu := filepath.Join(dir, "mem.jsonl"), filepath.Join(dir, "cpu.pprof")
		_, errOut, code := runCLI(t, "", "--lake", dir, "--memtrace", trace, "--cpuprofile", cpu, "query", sql)
		if code != wantCode {
			t.Fatalf("%q: exit %d, want %d: %s", sql, code, wantCode, errOut)
		}
		lines, err := os.ReadFile(trace)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(lines)), "\n") {
			var s engine.MemorySample
			if err := json.Unmarshal([]byte(line), &s); err != nil || s.GoHeap == 0 || s.Time.IsZero() {
				t.Errorf("%q: trace line %q: %v", sql, line, err)
			}
		}
		if info, err := os.Stat(cpu); err != nil || info.Size() == 0 {
			t.Errorf("%q: no CPU profile: %v", sql, err)
		}
	}
	f("SELECT 1", exitOK)
	f("SELECT * FROM no_such_table", exitError)
}
