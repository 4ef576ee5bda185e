package lake

import (
	"reflect"
	"strings"
	"testing"
)

// TestRecordRules: a set of rules is recorded once under its fingerprint
// and read back as written; a fingerprint that could leave the directory
// is refused.
func TestRecordRules(t *testing.T) {
	root := t.TempDir()
	w, err := OpenWriter(root)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	rules := []string{"drop principal=*CspmMonitorAws*", `drop useragent="aws-cli/2.* os/linux*"`}
	for range 2 {
		if err := w.RecordRules("c86b96174feb6b0b", rules); err != nil {
			t.Fatal(err)
		}
	}
	sets, err := ReadRuleSets(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string][]string{"c86b96174feb6b0b": rules}; !reflect.DeepEqual(sets, want) {
		t.Errorf("got %q, want %q", sets, want)
	}
	for _, bad := range []string{"", "../x", `a\b`} {
		if err := w.RecordRules(bad, rules); err == nil || !strings.Contains(err.Error(), "bad fingerprint") {
			t.Errorf("fingerprint %q: %v", bad, err)
		}
	}
	if sets, err := ReadRuleSets(t.TempDir()); err != nil || sets != nil {
		t.Errorf("a lake without rules: %v %v", sets, err)
	}
}
