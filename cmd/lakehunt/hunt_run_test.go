package main

import (
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// TestHuntRunFlags parses 'hunt run' arguments into the workflow's
// request without running a hunt.
func TestHuntRunFlags(t *testing.T) {
	f := flagTest(t, newCmdHuntRun, func(_ *Factory, o *HuntRunOptions) (workflow.HuntRequest, error) {
		req, err := o.request(flagClock)
		if len(req.IDs) == 0 {
			req.IDs = nil
		}
		return req, err
	})
	noParams := map[string]string{}
	f([]string{"--all"}, workflow.HuntRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: flagClock}, Window: hunt.Window{Start: flagClock.Add(-7 * 24 * time.Hour), End: flagClock},
		Params: noParams, Parallel: 2, Incidents: &incident.Options{},
	}, "")
	f([]string{"--all", "--last", "24h", "--now", "2024-03-08T00:00:00Z", "--tag", "vpc", "--tag", "iam", "--severity", "high", "--source", "vpcflow",
		"--param", "min_ports=5", "--param", "vpc_beaconing.min_flows= 3", "--hunts", "extra", "--parallel", "4",
		"--threads", "2", "--memory-limit", "4GB", "--temp-dir", "/spill"}, workflow.HuntRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: day(8), Threads: 2, MemoryLimit: "4GB", TempDir: "/spill"},
		Window:   hunt.Window{Start: day(7), End: day(8)},
		Filter:   hunt.Filter{Tags: []string{"vpc", "iam"}, MinSeverity: hunt.SeverityHigh, Source: hunt.SourceVPCFlow},
		HuntDirs: []string{"extra"}, Params: map[string]string{"min_ports": "5", "vpc_beaconing.min_flows": " 3"}, Parallel: 4,
		Incidents: &incident.Options{},
	}, "")
	f([]string{"b_hunt", "a_hunt", "--from", "2024-03-01", "--to", "2024-03-02"}, workflow.HuntRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: flagClock}, Window: hunt.Window{Start: day(1), End: day(2)},
		IDs: []string{"b_hunt", "a_hunt"}, Params: noParams, Parallel: 2, Incidents: &incident.Options{},
	}, "")
	f([]string{"--all", "--from", "2d"}, workflow.HuntRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: flagClock}, Window: hunt.Window{Start: flagClock.Add(-48 * time.Hour), End: flagClock},
		Params: noParams, Parallel: 2, Incidents: &incident.Options{},
	}, "")

	f(nil, workflow.HuntRequest{}, "give --all")
	f([]string{"a_hunt", "--all"}, workflow.HuntRequest{}, "not both")
	f([]string{"--all", "--last", "1d", "--from", "2d"}, workflow.HuntRequest{}, "--last cannot be combined")
	f([]string{"--all", "--param", "min_ports"}, workflow.HuntRequest{}, "want name=value")
	f([]string{"--all", "--severity", "severe"}, workflow.HuntRequest{}, "--severity")
	f([]string{"--all", "--source", "dns"}, workflow.HuntRequest{}, "--source")
	f([]string{"--all", "--threads", "-1"}, workflow.HuntRequest{}, "--threads must be 0 or more")
	f([]string{"--all", "--from", "2024-03-05", "--to", "2024-03-05"}, workflow.HuntRequest{}, "empty window")
	f([]string{"--all", "--to", "2024-01-01"}, workflow.HuntRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: flagClock}, Window: hunt.Window{Start: time.Date(2023, 12, 25, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		Params: noParams, Parallel: 2, Incidents: &incident.Options{},
	}, "")
}

// TestHuntRunNowFromEnvironment: LAKEHUNT_NOW is --now for hunts too.
func TestHuntRunNowFromEnvironment(t *testing.T) {
	t.Setenv("LAKEHUNT_NOW", "2024-03-08T00:00:00Z")
	var got workflow.HuntRequest
	err := execute(newCmdHuntRun(testFactory(), func(o *HuntRunOptions) (err error) {
		got, err = o.request(flagClock)
		return err
	}), "--all", "--last", "1d")
	if err != nil || !got.Engine.Now.Equal(day(8)) || got.Window != (hunt.Window{Start: day(7), End: day(8)}) {
		t.Fatalf("%v: now %v, window %v; want the environment's day", err, got.Engine.Now, got.Window)
	}
}

// TestIncidentsFlags parses 'incidents' arguments into the workflow's
// request, always grouped, without running a hunt.
func TestIncidentsFlags(t *testing.T) {
	type parsed struct {
		req workflow.HuntRequest
		min hunt.Severity
	}
	check := flagTest(t, newCmdIncidents, func(_ *Factory, o *IncidentsOptions) (p parsed, err error) {
		p.req, p.min, err = o.request(flagClock)
		return p, err
	})
	f := func(args []string, want workflow.HuntRequest, wantMin hunt.Severity, wantErr string) {
		t.Helper()
		check(args, parsed{want, wantMin}, wantErr)
	}
	f(nil, workflow.HuntRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: flagClock}, Window: hunt.Window{Start: flagClock.Add(-7 * 24 * time.Hour), End: flagClock},
		Params: map[string]string{}, Parallel: 2, Incidents: &incident.Options{},
	}, 0, "")
	f([]string{"--from", "2024-03-01", "--to", "2024-03-02", "--gap", "1d", "--min-severity", "high", "--hunts", "extra", "--param", "gap=2h"}, workflow.HuntRequest{
		Lake: "lake", Engine: workflow.EngineSettings{Now: flagClock}, Window: hunt.Window{Start: day(1), End: day(2)},
		HuntDirs: []string{"extra"}, Params: map[string]string{"gap": "2h"}, Parallel: 2, Incidents: &incident.Options{Gap: 24 * time.Hour},
	}, hunt.SeverityHigh, "")
	f([]string{"--min-severity", "dire"}, workflow.HuntRequest{}, 0, "--min-severity")
	f([]string{"--gap", "-1h"}, workflow.HuntRequest{}, 0, "--gap")
	f([]string{"extra-arg"}, workflow.HuntRequest{}, 0, "takes no arguments")
}
