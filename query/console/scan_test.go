package console

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/engine"
)

// TestSharedScans: every panel that reads a dashboard's shared scan draws
// the rows its own statement gives over the view, over a window and with
// the account and region filters.
func TestSharedScans(t *testing.T) {
	s, geo := startConsoleWithGeo(t)
	ctx := context.Background()
	day := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	f := func(v view) {
		t.Helper()
		eng, err := s.open(ctx, v, engine.DialectDuckDB)
		if err != nil {
			t.Fatal(err)
		}
		defer eng.Close()
		shared := 0
		for i := range dashboards {
			d := &dashboards[i]
			for _, sc := range scanPlan(d) {
				if err := s.createScan(ctx, eng, v, d, &sc); err != nil {
					t.Fatalf("%s: scan of %s: %v\n%s", d.ID, sc.Source, err, sc.SQL(d))
				}
				for _, j := range sc.Panels {
					p := &d.Panels[j]
					want := s.drawPanel(ctx, eng, v, d, p, bound(p.SQL(), v), geo)
					got := s.drawPanel(ctx, eng, v, d, p, bound(sc.over(d, j), v), geo)
					if got.Error != "" || want.Error != "" {
						t.Fatalf("%s/%s: over the scan: %q, over the view: %q", d.ID, p.ID, got.Error, want.Error)
					}
					if !slices.Equal(got.Table.Columns, want.Table.Columns) || !slices.EqualFunc(got.Table.Rows, want.Table.Rows, slices.Equal) {
						t.Errorf("%s/%s %+v: over the scan\n%v\nover the view\n%v", d.ID, p.ID, v, got.Table, want.Table)
					}
					if got.SQL != want.SQL {
						t.Errorf("%s/%s: the page shows\n%s\nnot the panel's own statement\n%s", d.ID, p.ID, got.SQL, want.SQL)
					}
					shared++
				}
				if err := eng.Exec(ctx, "DROP TABLE "+sc.Table); err != nil {
					t.Fatal(err)
				}
			}
		}
		if shared < 30 {
			t.Errorf("%d panels read a shared scan", shared)
		}
	}
	f(view{From: day, To: day.Add(24 * time.Hour)})
	f(view{From: day.Add(-30 * 24 * time.Hour), To: day.Add(24 * time.Hour)})
	f(view{From: day.Add(14 * time.Hour), To: day.Add(18 * time.Hour), Region: "us-east-1"})
	f(view{From: day, To: day.Add(24 * time.Hour), Account: "111122223333"})
}

// TestScanProjection: nested fields are gathered back into structs of
// their names, and only the fields the statements name are kept.
func TestScanProjection(t *testing.T) {
	got := projection([]string{"time_dt", "status", "api.operation", "api.service.name", "api.request.data", "actor.user.name"},
		"SELECT api.operation, api.service.name FROM cloudtrail WHERE time_dt > $x AND actor.user.name = 'a'")
	want := "time_dt AS time_dt, {'operation': api.operation, 'service': {'name': api.service.name}} AS api, {'user': {'name': actor.user.name}} AS actor"
	if got != want {
		t.Errorf("projection:\n%s\nwant\n%s", got, want)
	}
}
