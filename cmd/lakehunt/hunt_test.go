package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHuntList(t *testing.T) {
	out, errOut, code := runCLI(t, "", "hunt", "list", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var hunts []struct {
		ID         string   `json:"id"`
		Severity   string   `json:"severity"`
		Tactics    []string `json:"tactics"`
		Techniques []string `json:"techniques"`
		Source     string   `json:"source"`
		Stateful   bool     `json:"stateful"`
		Covers     []string `json:"covers"`
		Params     []struct {
			Name, Type, Default string
		} `json:"params"`
	}
	if err := json.Unmarshal([]byte(out), &hunts); err != nil {
		t.Fatal(err)
	}
	if len(hunts) < 100 {
		t.Errorf("%d hunts listed, want at least 100", len(hunts))
	}
	for _, h := range hunts {
		if h.ID == "" || h.Severity == "" || len(h.Tactics) == 0 || len(h.Techniques) == 0 || h.Source == "" {
			t.Errorf("incomplete metadata: %+v", h)
		}
	}
	table, _, code := runCLI(t, "", "hunt", "list", "--tag", "vpc", "--severity", "high")
	if code != 0 || !strings.Contains(table, "vpc_port_scan_vertical") || strings.Contains(table, "vpc_top_talkers") {
		t.Errorf("filtered table (exit %d):\n%s", code, table)
	}
}

func TestHuntShow(t *testing.T) {
	out, _, code := runCLI(t, "", "hunt", "show", "vpc_port_scan_vertical")
	for _, want := range []string{"severity:    high", "min_ports (int) = \"10\"", "FROM vpcflow", "T1046"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("show lacks %q (exit %d):\n%s", want, code, out)
		}
	}
	if _, errOut, code := runCLI(t, "", "hunt", "show", "no_such_hunt"); code != exitUsage || !strings.Contains(errOut, "unknown hunt no_such_hunt") {
		t.Errorf("unknown hunt: exit %d: %s", code, errOut)
	}
}

func TestHuntRun(t *testing.T) {
	fixture := filepath.Join("..", "..", "testdata", "hunts", "cloudtrail_logging_stopped")
	lake := t.TempDir()
	if _, errOut, code := runCLI(t, "", "--lake", lake, "ingest", "cloudtrail", "-q",
		filepath.Join(fixture, "fire.json"), filepath.Join(fixture, "quiet.json")); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	window := []string{"--from", "2024-03-05", "--to", "2024-03-06", "--now", "2024-03-06"}
	run := func(args ...string) (string, string, int) {
		return runCLI(t, "", append(append([]string{"--lake", lake, "hunt", "run"}, window...), args...)...)
	}
	out, errOut, code := run("--all", "--format", "jsonl", "--fail-on", "critical")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (a critical finding):\n%s", code, exitFindings, errOut)
	}
	if !strings.Contains(out, `"hunt_id":"cloudtrail_logging_stopped"`) || !strings.Contains(errOut, "0 failed") {
		t.Errorf("findings:\n%s\nsummary:\n%s", out, errOut)
	}
	// The extension picks the format whatever its case.
	csvPath := filepath.Join(t.TempDir(), "FINDINGS.CSV")
	if _, errOut, code := run("cloudtrail_logging_stopped", "iam_policy_changed", "-o", csvPath); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(csvPath)
	if err != nil || !strings.HasPrefix(string(data), "severity,hunt_id,") || strings.Count(string(data), "\n") != 3 {
		t.Errorf("CSV (%v):\n%s", err, data)
	}
	f := func(wantErr string, args ...string) {
		t.Helper()
		_, errOut, code := run(args...)
		if code != exitUsage || !strings.Contains(errOut, wantErr) {
			t.Errorf("%v: exit %d, stderr %q; want usage error %q", args, code, errOut, wantErr)
		}
	}
	f("give --all", "--format", "json")
	f("unknown hunt nope", "nope")
	f("no selected hunt has this parameter", "cloudtrail_logging_stopped", "--param", "min_ports=3")
	f(`"x" is not an integer`, "vpc_port_scan_vertical", "--param", "min_ports=x")
	f("--last cannot be combined", "--all", "--last", "1d")
	f("unknown severity", "--all", "--fail-on", "severe")
}
