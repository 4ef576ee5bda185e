package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/source"
)

// TestIngestFlags parses 'ingest' subcommands into the pipeline request
// without ingesting: rule files, then --keep, then --drop.
func TestIngestFlags(t *testing.T) {
	rulesFile := filepath.Join(t.TempDir(), "noise.rules")
	if err := os.WriteFile(rulesFile, []byte("# Sentinel's CSPM scanners\ndrop principal=*CspmMonitorAws*\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := flagTest(t, newCmdIngest, func(fac *Factory, c *IngestCommand) (ingest.Request, error) {
		return c.Options.request(fac, c.Kind, c.Flows)
	})
	rule := func(drop bool, text, origin string) ingest.Rule {
		r, err := ingest.ParseRule(drop, text, origin)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	fromFile, err := ingest.ParseRuleFile(strings.NewReader("\ndrop principal=*CspmMonitorAws*\n"), rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	f([]string{"cloudtrail", "./AWSLogs"}, ingest.Request{Lake: "lake", Kind: source.CloudTrail}, "")
	f([]string{"cloudtrail", "--rules", rulesFile, "--drop", "principal=DefenderForCloud-*", "--keep", "account=111122223333", "--workers", "2", "./AWSLogs"},
		ingest.Request{Lake: "lake", Kind: source.CloudTrail, Workers: 2, Rules: ingest.Rules{
			fromFile[0],
			rule(false, "account=111122223333", "--keep"),
			rule(true, "principal=DefenderForCloud-*", "--drop"),
		}}, "")
	f([]string{"vpcflow", "--drop", "dstport=22 action=REJECT", "--region", "us-east-1", "flows.txt"},
		ingest.Request{Lake: "lake", Kind: source.VPCFlow, Flows: ingest.FlowConfig{Region: "us-east-1"}, Rules: ingest.Rules{rule(true, "dstport=22 action=REJECT", "--drop")}}, "")
	f([]string{"cloudtrail", "--format", "json", "a"}, ingest.Request{Lake: "lake", Kind: source.CloudTrail}, "")

	f([]string{"cloudtrail", "--drop", "dstport=22", "a"}, ingest.Request{}, `rule --drop "drop dstport=22": field dstport applies to VPC Flow Logs, not CloudTrail`)
	f([]string{"vpcflow", "--keep", "principal=x", "a"}, ingest.Request{}, "field principal applies to CloudTrail")
	f([]string{"cloudtrail", "--drop", "principl=x", "a"}, ingest.Request{}, `cannot parse rule --drop "principl=x": unknown field "principl"`)
	f([]string{"cloudtrail", "--rules", filepath.Join(t.TempDir(), "missing.rules"), "a"}, ingest.Request{}, "--rules: open")
	f([]string{"cloudtrail", "--format", "yaml", "a"}, ingest.Request{}, "--format: want text or json")
}

// TestIngestRulesThroughTheCLI: a rules file drops the CSPM scanners of
// Sentinel's guide; the JSON summary and 'lake info' count the drops by
// rule, and a rerun with other rules adds nothing and says why.
func TestIngestRulesThroughTheCLI(t *testing.T) {
	trail := filepath.Join(sharedcorpus.ModuleRoot(t), "storage", "ingest", "testdata", "rules", "AWSLogs", "111122223333", "CloudTrail")
	dir := t.TempDir()
	root := filepath.Join(dir, "lake")
	rulesFile := filepath.Join(dir, "noise.rules")
	if err := os.WriteFile(rulesFile, []byte("drop principal=*CspmMonitorAws*   # Defender CSPM\ndrop principal=DefenderForCloud-*\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "", "--lake", root, "ingest", "cloudtrail", "--rules", rulesFile, "--format", "json", trail)
	if code != 0 {
		t.Fatalf("ingest exit %d\n%s", code, errOut)
	}
	var sum ingest.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("summary %q: %v", out, err)
	}
	if sum.Events != 4 || sum.Dropped != 6 || len(sum.DroppedByRule) != 2 || sum.DroppedByRule[1] != (lake.RuleCount{Rule: "drop principal=DefenderForCloud-*", Events: 3}) {
		t.Errorf("JSON summary: events %d, dropped %d %v", sum.Events, sum.Dropped, sum.DroppedByRule)
	}

	_, errOut, code = runCLI(t, "", "--lake", root, "ingest", "cloudtrail", "--drop", "principal=*CspmMonitorAws*", trail)
	if code != 0 || !strings.Contains(errOut, "1 unchanged sources were ingested with other rules ("+sum.Rules+", now ") || !strings.Contains(errOut, "events written 0") {
		t.Errorf("rerun with other rules: exit %d\n%s", code, errOut)
	}

	out, _, code = runCLI(t, "", "--lake", root, "lake", "info")
	for _, want := range []string{
		"CLOUD_TRAIL_MGMT: 6 events dropped by ingest rules\n         3  drop principal=*CspmMonitorAws*\n         3  drop principal=DefenderForCloud-*\n",
		"1 sources read with rules " + sum.Rules + ":\n            drop principal=*CspmMonitorAws*\n            drop principal=DefenderForCloud-*\n",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("lake info lacks %q:\n%s", want, out)
		}
	}
	out, _, _ = runCLI(t, "", "--lake", root, "lake", "info", "--format", "json")
	var info struct{ Tables []lake.TableInfo }
	if err := json.Unmarshal([]byte(out), &info); err != nil {
		t.Fatal(err)
	}
	if ti := info.Tables[0]; ti.Table != "CLOUD_TRAIL_MGMT" || ti.Dropped != 6 || len(ti.RuleSets) != 1 || ti.RuleSets[0].Fingerprint != sum.Rules {
		t.Errorf("lake info JSON: %+v", ti)
	}
}
