package workflow

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/investigate"
)

// InvestigateRequest is an investigation of one entity: 'lakehunt
// investigate'.
type InvestigateRequest struct {
	Lake   string
	Engine EngineSettings
	Entity investigate.Entity
	// Scope is the window under investigation; zero is the whole UTC days
	// from the entity's first to its last appearance in the lake.
	Scope investigate.Window
	// Baseline is the length of the window before the scope that newly
	// observed values are compared with.
	Baseline time.Duration
	// Findings runs the hunting pack (with HuntDirs added) over the scope,
	// groups its findings into incidents and keeps the incidents and
	// findings that involve the entity.
	Findings bool
	HuntDirs []string
	// GeoIP is a MaxMind .mmdb file that locates IP addresses, or "" for
	// the country table built into lakehunt.
	GeoIP string
	// RawCSV, when set, is a file that also gets the entity's raw events
	// in the scope.
	RawCSV string
	// BeforeHunts, when set, hears how many hunts the findings panel is
	// about to run: on a large lake they take most of the time.
	BeforeHunts func(hunts int)
}

// InvestigateResult is the report and where the raw events went.
type InvestigateResult struct {
	Report *investigate.Report
	// RawCSV is the absolute path of the raw events file and RawEvents
	// how many rows it holds, when the request asked for one.
	RawCSV    string
	RawEvents int64
}

// Investigate runs every panel that applies to the entity, the findings
// panel when asked, and writes the raw events file when asked.
func Investigate(ctx context.Context, req InvestigateRequest) (*InvestigateResult, error) {
	opt := req.options()
	res := &InvestigateResult{}
	if req.Findings {
		pack, err := hunt.Load(req.HuntDirs...)
		if err != nil {
			return nil, err
		}
		opt.Hunts = pack.Hunts
	}
	opt.GeoIP = investigate.BuiltinGeoIP()
	if req.GeoIP != "" {
		geo, err := investigate.OpenGeoIP(req.GeoIP)
		if err != nil {
			return nil, err
		}
		defer geo.Close()
		opt.GeoIP = geo
	}
	if req.RawCSV != "" {
		var err error
		if res.RawCSV, err = filepath.Abs(req.RawCSV); err != nil {
			return nil, fmt.Errorf("cannot resolve raw events file %q: %w", req.RawCSV, err)
		}
		opt.RawCSVDir = filepath.Dir(res.RawCSV)
	}
	inv, err := investigate.Open(ctx, opt)
	if err != nil {
		return nil, err
	}
	defer inv.Close()
	if len(opt.Hunts) > 0 && req.BeforeHunts != nil {
		req.BeforeHunts(len(opt.Hunts))
	}
	if res.Report, err = inv.Run(ctx); err != nil {
		return nil, err
	}
	if res.RawCSV != "" {
		if res.RawEvents, err = inv.WriteRawCSV(ctx, res.RawCSV); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// options are the investigation's options without hunts, GeoIP or a raw
// events file.
func (req InvestigateRequest) options() investigate.Options {
	return investigate.Options{
		Lake: req.Lake, Entity: req.Entity, Scope: req.Scope, Baseline: req.Baseline, Now: req.Engine.nowOr(time.Now),
		Threads: req.Engine.Threads, MemoryLimit: req.Engine.MemoryLimit, TempDir: req.Engine.TempDir,
	}
}

// InvestigationSQL writes the SQL of every panel the investigation would
// run, with the entity and the window written in as literals: statements
// that run on their own with 'lakehunt query'. A zero scope is worked out
// from the lake first, as Investigate does. Hunts, GeoIP and the raw
// events file of the request are not used.
func InvestigationSQL(ctx context.Context, req InvestigateRequest, w io.Writer) error {
	opt := req.options()
	inv, err := investigate.Open(ctx, opt)
	if err != nil {
		return err
	}
	opt.Scope = inv.Scope()
	if err := inv.Close(); err != nil {
		return err
	}
	scope, lake := opt.Scope, opt.LakeWindow()
	fmt.Fprintf(w, "-- lakehunt investigate %s: the SQL of each panel.\n", opt.Entity.Kind)
	fmt.Fprintf(w, "-- When the investigation runs, the entity and the window are bound parameters; here they\n")
	fmt.Fprintf(w, "-- are written in as literals. Each statement runs with lakehunt query (athena or duckdb\n")
	fmt.Fprintf(w, "-- dialect) over a window covering %s to %s, or the whole lake;\n",
		lake.Start.UTC().Format(time.RFC3339), lake.End.UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "-- the lifetime panel reads the whole lake.\n")
	for _, st := range investigate.Statements(opt) {
		text, err := st.Literal()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n-- panel %s: %s\n", st.Panel, st.Title)
		for _, p := range st.ParamValues() {
			fmt.Fprintf(w, "--   %s\n", p)
		}
		fmt.Fprintf(w, "%s;\n", strings.TrimSpace(text))
	}
	raw, err := investigate.RawEventsStatement(opt).Literal()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n-- --raw-csv: the entity's raw events\n%s;\n", strings.TrimSpace(raw))
	_, err = fmt.Fprintf(w, "\n-- findings: lakehunt hunt run --all --from %s --to %s\n", scope.Start.UTC().Format(time.RFC3339), scope.End.UTC().Format(time.RFC3339))
	return err
}
