package ingest

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// Request is one ingest of a kind of log into a lake, as 'lakehunt ingest'
// runs it: the lake locked for writing, the pipeline run, the summary
// returned. It prints nothing; callers show progress, rejections and the
// summary as they see fit.
type Request struct {
	// Lake is the lake directory.
	Lake string
	Kind source.Kind
	// Flows configures a VPC Flow ingest: the account and region of records
	// that name none, the layout of headerless files.
	Flows FlowConfig
	// Workers and BatchRows are Options.Workers and Options.BatchRows; zero
	// takes the defaults.
	Workers   int
	BatchRows int
	// Rules keep or drop events as they are read (see Rules); they must
	// suit Kind (Rules.Check).
	Rules Rules
	// OnReject hears every rejected record or source as it happens, from
	// several workers at once.
	OnReject func(Rejection)
	// Watch, when set, is called as the pipeline starts with its live
	// counters; the function it returns is called when the pipeline ends,
	// before the summary is returned.
	Watch func(*Progress) (stop func())
}

// Paths ingests local files and directories (walked recursively); "-"
// reads stdin.
func Paths(ctx context.Context, req Request, paths []string, stdin io.Reader) (*Summary, error) {
	sources, skipped, err := source.Expand(req.Kind, paths, stdin)
	if err != nil {
		return nil, err
	}
	return Sources(ctx, req, sources, skipped)
}

// Sources ingests sources already found, on disk or in a bucket (see
// storage/s3). The summary is returned also when the run stopped part-way:
// what it committed stays committed.
func Sources(ctx context.Context, req Request, sources []source.Source, skipped []source.Skipped) (*Summary, error) {
	switch req.Kind {
	case source.CloudTrail:
		// The clock bounds plausible event times, so it is read per run:
		// a followed bucket ingests for days.
		return runRequest(ctx, req, sources, skipped, CloudTrailOptions(time.Now()))
	case source.VPCFlow:
		return runRequest(ctx, req, sources, skipped, VPCFlowOptions(req.Flows))
	}
	return nil, fmt.Errorf("cannot ingest %s: no pipeline for it", req.Kind)
}

func runRequest[T any](ctx context.Context, req Request, sources []source.Source, skipped []source.Skipped, opt Options[T]) (*Summary, error) {
	if err := req.Rules.Check(req.Kind); err != nil {
		return nil, err
	}
	opt.Rules = req.Rules
	w, err := lake.OpenWriter(req.Lake)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	opt.Workers, opt.BatchRows, opt.OnReject = req.Workers, req.BatchRows, req.OnReject
	opt.Progress = &Progress{}
	if req.Watch != nil {
		defer req.Watch(opt.Progress)()
	}
	return Run(ctx, w, sources, skipped, opt)
}
