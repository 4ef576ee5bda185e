package ingest

import (
	"bytes"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

const (
	rulesTrail = "testdata/rules/AWSLogs/111122223333/CloudTrail"
	rulesFlows = "testdata/rules/AWSLogs/111122223333/vpcflowlogs"
)

func parseRules(t *testing.T, text string) Rules {
	t.Helper()
	rules, err := ParseRuleFile(strings.NewReader(text), "test.rules")
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

func ingestWithRules(t *testing.T, root string, kind source.Kind, rules Rules, path string) *Summary {
	t.Helper()
	sum, err := Paths(context.Background(), Request{Lake: root, Kind: kind, Rules: rules, Workers: 2}, []string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func tableInfoOf(t *testing.T, root string, table lake.Table) lake.TableInfo {
	t.Helper()
	infos, err := lake.Info(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range infos {
		if ti.Table == table.Source {
			return ti
		}
	}
	t.Fatalf("no table %s in lake info", table.Source)
	return lake.TableInfo{}
}

// TestRulesDropSentinelScanners drops the CSPM scanner roles of Microsoft
// Sentinel's guide from a trail: the drops are counted by rule in the
// summary, the manifest and lake info, none of the scanners' events is in
// the lake, and a rerun adds nothing, with the same rules or others.
func TestRulesDropSentinelScanners(t *testing.T) {
	root := t.TempDir()
	rules := parseRules(t, "drop principal=*CspmMonitorAws*\ndrop principal=DefenderForCloud-*\ndrop eventname=NoSuchCall\n")
	sum := ingestWithRules(t, root, source.CloudTrail, rules, rulesTrail)
	want := []lake.RuleCount{
		{Rule: "drop principal=*CspmMonitorAws*", Events: 3},
		{Rule: "drop principal=DefenderForCloud-*", Events: 3},
		{Rule: "drop eventname=NoSuchCall", Events: 0},
	}
	if sum.Records != 10 || sum.Events != 4 || sum.Dropped != 6 || !reflect.DeepEqual(sum.DroppedByRule, want) {
		t.Fatalf("records %d, events %d, dropped %d %v; want 10, 4, 6 %v", sum.Records, sum.Events, sum.Dropped, sum.DroppedByRule, want)
	}
	if sum.Rules != rules.Fingerprint() || sum.ByTable["S3_DATA"] != 1 {
		t.Errorf("rules %q, by table %v", sum.Rules, sum.ByTable)
	}
	var text bytes.Buffer
	sum.Print(&text)
	for _, line := range []string{
		"dropped by ingest rules 6 (rules " + rules.Fingerprint() + "):",
		"       3  drop principal=*CspmMonitorAws*",
		"       0  drop eventname=NoSuchCall",
	} {
		if !strings.Contains(text.String(), line+"\n") {
			t.Errorf("summary lacks %q:\n%s", line, text.String())
		}
	}
	for _, ev := range lakeEvents(t, root) {
		if arn := ev.Actor.User.UID; strings.Contains(arn, "CspmMonitorAws") || strings.Contains(arn, "DefenderForCloud-") {
			t.Errorf("event of %s is in the lake", arn)
		}
	}

	info := tableInfoOf(t, root, lake.CloudTrail)
	wantInfo := []lake.RuleCount{want[0], want[1]} // zeros are not recorded
	if info.Dropped != 6 || !reflect.DeepEqual(info.DroppedByRule, wantInfo) {
		t.Errorf("lake info: dropped %d %v, want 6 %v", info.Dropped, info.DroppedByRule, wantInfo)
	}
	wantSets := []lake.RuleSetInfo{{Fingerprint: rules.Fingerprint(), Rules: rules.Texts(), Sources: 1}}
	if !reflect.DeepEqual(info.RuleSets, wantSets) {
		t.Errorf("lake info: rule sets %+v, want %+v", info.RuleSets, wantSets)
	}
	commits, err := lake.ReadManifest(root)
	if err != nil {
		t.Fatal(err)
	}
	if src := lake.IngestedSources(commits, lake.CloudTrail); len(src) != 1 {
		t.Errorf("manifest: %d sources", len(src))
	} else {
		for _, s := range src {
			if s.Rules != rules.Fingerprint() || s.DroppedTotal() != 6 || s.Records != 10 {
				t.Errorf("manifest: source %+v", s)
			}
		}
	}

	// The same rules in another order: the same fingerprint, nothing added.
	again := ingestWithRules(t, root, source.CloudTrail, Rules{rules[1], rules[0], rules[2]}, rulesTrail)
	if again.Unchanged != 1 || again.Events != 0 || again.Dropped != 0 || again.OtherRules != 0 {
		t.Errorf("rerun with the same rules: unchanged %d, events %d, dropped %d, other rules %d", again.Unchanged, again.Events, again.Dropped, again.OtherRules)
	}

	// Other rules: the source is not read again, and the run says so.
	other := ingestWithRules(t, root, source.CloudTrail, rules[:1], rulesTrail)
	if other.Unchanged != 1 || other.Events != 0 || other.OtherRules != 1 || !reflect.DeepEqual(other.OtherRulesSeen, []string{rules.Fingerprint()}) {
		t.Errorf("rerun with other rules: unchanged %d, events %d, other rules %d %v", other.Unchanged, other.Events, other.OtherRules, other.OtherRulesSeen)
	}
	text.Reset()
	other.Print(&text)
	if !strings.Contains(text.String(), "1 unchanged sources were ingested with other rules ("+rules.Fingerprint()+", now "+rules[:1].Fingerprint()+") and were not read again") ||
		!strings.Contains(text.String(), "hint: ") {
		t.Errorf("summary of a rerun with other rules:\n%s", text.String())
	}
	// Without rules, the earlier run's rules are named as well.
	none := ingestWithRules(t, root, source.CloudTrail, nil, rulesTrail)
	if none.OtherRules != 1 || none.Events != 0 {
		t.Errorf("rerun without rules: other rules %d, events %d", none.OtherRules, none.Events)
	}
	if got := len(lakeEvents(t, root)); got != 4 {
		t.Errorf("%d events in the lake after the reruns, want 4", got)
	}
}

// TestKeepRulesThenDropRules: keep rules let through what one of them
// matches, drop rules then remove from that.
func TestKeepRulesThenDropRules(t *testing.T) {
	root := t.TempDir()
	rules := parseRules(t, "keep eventsource=iam.amazonaws.com\nkeep srcaddr=203.0.113.0/24 region=eu-*\ndrop principal=CspmMonitorAws\n")
	sum := ingestWithRules(t, root, source.CloudTrail, rules, rulesTrail)
	want := []lake.RuleCount{{Rule: NotKept, Events: 5}, {Rule: "drop principal=CspmMonitorAws", Events: 1}}
	if sum.Events != 4 || !reflect.DeepEqual(sum.DroppedByRule, want) {
		t.Fatalf("events %d, dropped %v; want 4, %v", sum.Events, sum.DroppedByRule, want)
	}
	var names []string
	for _, ev := range lakeEvents(t, root) {
		names = append(names, ev.API.Operation)
	}
	if got := strings.Join(slices.Sorted(slices.Values(names)), " "); got != "CreateAccessKey DescribeInstances ListRoles ListUsers" {
		t.Errorf("events in the lake: %s", got)
	}
}

// TestRulesDropFlowsByPortAndAction drops rejected SSH and any RDP from a
// flow log; the NODATA record has no action and no port, so it stays.
func TestRulesDropFlowsByPortAndAction(t *testing.T) {
	root := t.TempDir()
	rules := parseRules(t, "drop dstport=22 action=REJECT\ndrop port=3389\n")
	sum := ingestWithRules(t, root, source.VPCFlow, rules, rulesFlows)
	want := []lake.RuleCount{{Rule: "drop dstport=22 action=REJECT", Events: 2}, {Rule: "drop port=3389", Events: 1}}
	if sum.Records != 8 || sum.Events != 5 || !reflect.DeepEqual(sum.DroppedByRule, want) {
		t.Fatalf("records %d, events %d, dropped %v; want 8, 5, %v", sum.Records, sum.Events, sum.DroppedByRule, want)
	}
	for _, ev := range lakeFlows(t, root) {
		if p := ev.DstEndpoint.Port; p != nil && (*p == 3389 || *p == 22 && ev.ActionID == 2) {
			t.Errorf("flow to port %d (%s) is in the lake", *p, ev.Action)
		}
	}
	if info := tableInfoOf(t, root, lake.VPCFlow); info.Dropped != 3 || !reflect.DeepEqual(info.DroppedByRule, want) {
		t.Errorf("lake info: dropped %d %v", info.Dropped, info.DroppedByRule)
	}
	if again := ingestWithRules(t, root, source.VPCFlow, rules, rulesFlows); again.Unchanged != 1 || again.Events != 0 || again.OtherRules != 0 {
		t.Errorf("rerun: unchanged %d, events %d, other rules %d", again.Unchanged, again.Events, again.OtherRules)
	}
	if got := len(lakeFlows(t, root)); got != 5 {
		t.Errorf("%d flows in the lake after the rerun, want 5", got)
	}

	keepAccepted := t.TempDir()
	sum = ingestWithRules(t, keepAccepted, source.VPCFlow, parseRules(t, "keep action=ACCEPT\n"), rulesFlows)
	if sum.Events != 4 || sum.Dropped != 4 {
		t.Errorf("keep action=ACCEPT: events %d, dropped %d; want 4 and 4 (3 rejects and the NODATA record)", sum.Events, sum.Dropped)
	}
}

func TestRulesOfTheWrongKindAreRefused(t *testing.T) {
	root := t.TempDir()
	_, err := Paths(context.Background(), Request{Lake: root, Kind: source.CloudTrail, Rules: parseRules(t, "drop dstport=22\n")}, []string{rulesTrail}, nil)
	if err == nil || !strings.Contains(err.Error(), `rule test.rules:1 "drop dstport=22": field dstport applies to VPC Flow Logs, not CloudTrail`) {
		t.Errorf("got %v", err)
	}
	if commits, _ := lake.ReadManifest(root); len(commits) != 0 {
		t.Errorf("%d commits after a refused run", len(commits))
	}
}
