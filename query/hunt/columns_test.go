package hunt

import (
	"reflect"
	"testing"
)

func TestColumnsUnread(t *testing.T) {
	f := func(sqls []string, want []string) {
		t.Helper()
		var hs []*Hunt
		for _, s := range sqls {
			hs = append(hs, &Hunt{SQL: s})
		}
		if got := ColumnsUnread(hs, []string{"observables", "unmapped"}); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: unread %q, want %q", sqls, got, want)
		}
	}
	f(nil, []string{"observables", "unmapped"})
	f([]string{"SELECT * FROM cloudtrail WHERE api.operation = 'x'"}, []string{"observables", "unmapped"})
	f([]string{"SELECT 1", "SELECT unmapped['a'] FROM cloudtrail"}, []string{"observables"})
	// Case aside, anywhere: a hunt that may read a column keeps it.
	f([]string{"SELECT o.value FROM cloudtrail, UNNEST(OBSERVABLES) AS t(o)"}, []string{"unmapped"})
	f([]string{"-- reads observables\nSELECT 1", "SELECT map_keys(Unmapped)"}, nil)
	// Not a part of another name.
	f([]string{"SELECT my_observables_count, unmapped_total FROM t"}, []string{"observables", "unmapped"})
}
