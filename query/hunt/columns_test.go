package hunt

import (
	"reflect"
	"testing"
)

func TestColumnsNarrowed(t *testing.T) {
	f := func(sqls []string, want map[string][]string) {
		t.Helper()
		var hs []*Hunt
		for _, s := range sqls {
			hs = append(hs, &Hunt{SQL: s})
		}
		if got := ColumnsNarrowed(hs, []string{"observables", "unmapped"}); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: narrowed %q, want %q", sqls, got, want)
		}
	}
	f(nil, map[string][]string{"observables": nil, "unmapped": nil})
	f([]string{"SELECT * FROM cloudtrail WHERE api.operation = 'x'"}, map[string][]string{"observables": nil, "unmapped": nil})
	// Literal keys, each once, in order; a quote doubled in SQL is one.
	f([]string{"SELECT unmapped['b'] FROM cloudtrail", "SELECT Unmapped [ 'a' ], unmapped['b'], unmapped['it''s'] FROM cloudtrail"},
		map[string][]string{"observables": nil, "unmapped": {"a", "b", "it's"}})
	// Any other use keeps the whole column, case aside, anywhere.
	f([]string{"SELECT unmapped['a']", "SELECT map_keys(unmapped)"}, map[string][]string{"observables": nil})
	f([]string{"SELECT unmapped['a' || x]"}, map[string][]string{"observables": nil})
	f([]string{"SELECT o.value FROM cloudtrail, UNNEST(OBSERVABLES) AS t(o)"}, map[string][]string{"unmapped": nil})
	f([]string{"-- reads observables and unmapped\nSELECT 1"}, map[string][]string{})
	// Not a part of another name.
	f([]string{"SELECT my_observables_count, unmapped_total FROM t"}, map[string][]string{"observables": nil, "unmapped": nil})
}
