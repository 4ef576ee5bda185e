package hunt

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func huntText(id, severity, tags string) string {
	return strings.NewReplacer("test_hunt", id, "severity: high", "severity: "+severity, "tags: Test, logging", "tags: "+tags).Replace(validHunt)
}

func TestLoadFSReportsEveryBadFileByName(t *testing.T) {
	fsys := fstest.MapFS{
		"good.sql":     {Data: []byte(huntText("good", "low", "a"))},
		"renamed.sql":  {Data: []byte(huntText("other_id", "low", "a"))},
		"broken.sql":   {Data: []byte("-- id: broken\nSELECT 1")},
		"README.md":    {Data: []byte("not a hunt")},
		"sub/deep.sql": {Data: []byte("ignored: not at the root")},
	}
	_, err := LoadFS(fsys, "extra")
	if err == nil {
		t.Fatal("loaded a directory with bad hunts")
	}
	for _, want := range []string{"extra/renamed.sql: id other_id does not match the file name", "extra/broken.sql: missing required header field title"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), "good.sql") || strings.Contains(err.Error(), "deep.sql") {
		t.Errorf("error names files that are fine or not hunts:\n%v", err)
	}
}

func TestLoadOverridesBuiltinHuntsByID(t *testing.T) {
	builtin := builtinPack(t)
	dir := t.TempDir()
	f := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f("cloudtrail_logging_stopped.sql", huntText("cloudtrail_logging_stopped", "info", "mine"))
	f("my_new_hunt.sql", huntText("my_new_hunt", "low", "mine"))
	p, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Hunts) != len(builtin.Hunts)+1 {
		t.Errorf("%d hunts, want the %d built in plus one", len(p.Hunts), len(builtin.Hunts))
	}
	h, ok := p.Get("cloudtrail_logging_stopped")
	if !ok || h.Severity != SeverityInfo || !strings.HasPrefix(h.Origin, dir) {
		t.Errorf("override not applied: %+v", h)
	}
	if _, ok := p.Get("my_new_hunt"); !ok {
		t.Error("new hunt missing")
	}
	if _, err := Load(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing --hunts directory loads")
	}
}

func TestSelectFiltersAndRefusesUnknownIDs(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, h := range []struct{ id, severity, tags string }{
		{"a_info", "info", "x"}, {"b_high", "high", "y"}, {"c_critical", "critical", "x, y"}, {"d_low", "low", "z"},
	} {
		fsys[h.id+".sql"] = &fstest.MapFile{Data: []byte(huntText(h.id, h.severity, h.tags))}
	}
	p, err := LoadFS(fsys, "t")
	if err != nil {
		t.Fatal(err)
	}
	f := func(ids []string, filter Filter, want string) {
		t.Helper()
		hs, err := p.Select(ids, filter)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hs {
			got = append(got, h.ID)
		}
		if strings.Join(got, ",") != want {
			t.Errorf("Select(%v, %+v) = %v, want %s", ids, filter, got, want)
		}
	}
	f(nil, Filter{}, "a_info,b_high,c_critical,d_low")
	f(nil, Filter{MinSeverity: SeverityHigh}, "b_high,c_critical")
	f(nil, Filter{Tags: []string{"X"}}, "a_info,c_critical")
	f(nil, Filter{Tags: []string{"y"}, MinSeverity: SeverityCritical}, "c_critical")
	f(nil, Filter{Source: SourceVPCFlow}, "")
	f([]string{"d_low", "a_info", "d_low"}, Filter{}, "a_info,d_low")
	if _, err := p.Select([]string{"a_info", "nope"}, Filter{}); err == nil || !strings.Contains(err.Error(), "unknown hunt nope") {
		t.Errorf("unknown id: %v", err)
	}
}
