package console

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
)

// TestPanelStatementsAsPlain: the statements written for speed give what
// their plain forms give: each time chart the buckets of time_bucket(),
// the egress panel the sources of count(DISTINCT), over windows whose
// buckets start off the hour and off the second.
func TestPanelStatementsAsPlain(t *testing.T) {
	s, geo := startConsoleWithGeo(t)
	ctx := context.Background()
	plainSelect := map[string]string{
		"egress_internet": `sum(traffic.bytes) AS bytes, dst_endpoint.ip AS dst_ip, count(DISTINCT src_endpoint.ip) AS sources, count(*) AS flows`,
	}
	plain := func(p Panel) string {
		if p.Chart == chartTime {
			value := p.Value
			if value == "" {
				value = "count(*)"
			}
			return "SELECT time_bucket(to_microseconds($bucket_us), time_dt, $window_start) AS bucket, " + p.series() + " AS series, " + value + " AS value\nFROM " + p.Source +
				"\nWHERE " + p.where() + "\nGROUP BY 1, 2\nORDER BY 1, 2"
		}
		p.PreGroup, p.Select = "", plainSelect[p.ID]
		return p.SQL()
	}
	compared, pregrouped := 0, 0
	f := func(v view) {
		t.Helper()
		eng, err := s.open(ctx, v, engine.DialectDuckDB)
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		for i := range dashboards {
			d := &dashboards[i]
			for j := range d.Panels {
				p := &d.Panels[j]
				if p.Chart != chartTime && p.PreGroup == "" {
					continue
				}
				got := s.drawPanel(ctx, eng, v, d, p, bound(p.SQL(), v), geo)
				want := s.drawPanel(ctx, eng, v, d, p, bound(plain(*p), v), geo)
				if got.Error != "" || want.Error != "" {
					t.Fatalf("%s/%s: %q, plain: %q", d.ID, p.ID, got.Error, want.Error)
				}
				// A table panel orders by its first column only: rows
				// that tie may come in either order.
				sortRows := func(rows [][]string) [][]string {
					rows = slices.Clone(rows)
					slices.SortFunc(rows, func(a, b []string) int { return strings.Compare(strings.Join(a, "\x00"), strings.Join(b, "\x00")) })
					return rows
				}
				if !slices.Equal(got.Table.Columns, want.Table.Columns) || !slices.EqualFunc(sortRows(got.Table.Rows), sortRows(want.Table.Rows), slices.Equal) {
					t.Errorf("%s/%s %+v:\n%v\nplain\n%v", d.ID, p.ID, v, got.Table, want.Table)
				}
				if len(want.Table.Rows) > 0 {
					compared++
					if p.PreGroup != "" {
						pregrouped++
					}
				}
			}
		}
	}
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	f(view{From: day, To: day.Add(24 * time.Hour)})
	f(view{From: day.Add(-29 * 24 * time.Hour), To: day.Add(24 * time.Hour)})
	f(view{From: day.Add(14*time.Hour + 7*time.Minute), To: day.Add(18 * time.Hour)})
	f(view{From: day.Add(9*time.Hour + 30*time.Second + 500*time.Millisecond), To: day.Add(21 * time.Hour), Region: "us-east-1"})
	if compared < 20 || pregrouped == 0 {
		t.Errorf("%d panels with rows compared, %d of them grouped first", compared, pregrouped)
	}
}
