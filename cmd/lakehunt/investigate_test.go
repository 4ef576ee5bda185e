package main

import (
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// TestInvestigateFlags parses 'investigate' arguments into the workflow's
// request without opening the lake.
func TestInvestigateFlags(t *testing.T) {
	entity := func(kind investigate.Kind, value string) investigate.Entity {
		e, err := investigate.NewEntity(kind, value)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	const month = 30 * 24 * time.Hour
	f := flagTest(t, newCmdInvestigate, func(_ *Factory, o *InvestigateOptions) (workflow.InvestigateRequest, error) {
		return o.request(flagClock)
	})
	// No window: the entity's own days, with the findings panel.
	f([]string{"account", "111122223333"}, workflow.InvestigateRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: flagClock}, Entity: entity(investigate.KindAccount, "111122223333"),
		Baseline: month, Findings: true,
	}, "")
	f([]string{"ip", "203.0.113.77", "--from", "2024-03-05", "--to", "2024-03-06", "--baseline", "7d", "--no-findings",
		"--raw-csv", "raw.csv", "--geoip", "city.mmdb", "--hunts", "extra", "--threads", "2", "--memory-limit", "2GB", "--temp-dir", "/spill"},
		workflow.InvestigateRequest{
			Lake: "lake", Engine: workflow.EngineSettings{Now: flagClock, Threads: 2, MemoryLimit: "2GB", TempDir: "/spill"},
			Entity: entity(investigate.KindIP, "203.0.113.77"), Scope: investigate.Window{Start: day(5), End: day(6)},
			Baseline: 7 * 24 * time.Hour, HuntDirs: []string{"extra"}, GeoIP: "city.mmdb", RawCSV: "raw.csv",
		}, "")
	f([]string{"principal", "alice", "--now", "2024-03-08T00:00:00Z", "--last", "24h"}, workflow.InvestigateRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: day(8)}, Entity: entity(investigate.KindPrincipal, "alice"),
		Scope: investigate.Window{Start: day(7), End: day(8)}, Baseline: month, Findings: true,
	}, "")
	f([]string{"access-key", "AKIAEXAMPLEALICE0001", "--from", "2d"}, workflow.InvestigateRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: flagClock}, Entity: entity(investigate.KindAccessKey, "AKIAEXAMPLEALICE0001"),
		Scope: investigate.Window{Start: flagClock.Add(-48 * time.Hour), End: flagClock}, Baseline: month, Findings: true,
	}, "")

	f([]string{"ip"}, workflow.InvestigateRequest{}, "want KIND and VALUE")
	f([]string{"host", "web-1"}, workflow.InvestigateRequest{}, "host")
	f([]string{"ip", "not-an-address"}, workflow.InvestigateRequest{}, "not-an-address")
	f([]string{"ip", "203.0.113.77", "--to", "2024-03-06"}, workflow.InvestigateRequest{}, "--to needs --from")
	f([]string{"ip", "203.0.113.77", "--baseline", "a while"}, workflow.InvestigateRequest{}, "--baseline")
	f([]string{"ip", "203.0.113.77", "--last", "1d", "--to", "2024-03-06"}, workflow.InvestigateRequest{}, "--last cannot be combined")
}
