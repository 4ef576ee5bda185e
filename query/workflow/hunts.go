package workflow

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/huntrun"
	"github.com/lakehunt/lakehunt/query/incident"
)

// HuntRequest is a run of hunts over a lake window: 'lakehunt hunt run'.
type HuntRequest struct {
	Lake   string
	Engine EngineSettings
	// Window is [Start, End) of the events the hunts look at; baseline
	// hunts also read the days before it.
	Window hunt.Window
	// IDs name the hunts to run; none means every hunt of the pack. Filter
	// narrows either.
	IDs    []string
	Filter hunt.Filter
	// HuntDirs add hunts to the built-in pack, or replace built-in ones
	// with the same id.
	HuntDirs []string
	// Params overrides parameters: "name" for every hunt that declares it,
	// "hunt_id.name" for that hunt only.
	Params map[string]string
	// Parallel is how many hunts run at once; 0 means 1.
	Parallel int
	// Incidents groups the findings into incidents (query/incident), and
	// labels each finding with its incident; nil leaves them ungrouped.
	Incidents *incident.Options
	// NoCache reads the lake's Parquet files even where the pack would
	// read a sorted copy of CloudTrail (engine.Options.Cache): the bench's
	// rival for the copy.
	NoCache bool
	// Started and Finished hear of each hunt as it starts and ends
	// (hunt.RunOptions); Selected hears how many hunts will run, first.
	Selected func(n int)
	Started  func(*hunt.Hunt)
	Finished func(hunt.Summary)
}

// RunHunts loads the pack, selects the hunts, checks the parameters, then
// runs the hunts over the window. A hunt that fails is reported in its
// summary (Report.Failed) while the others run; a selection that names no
// hunt, or a bad parameter, is a RequestError.
func RunHunts(ctx context.Context, req HuntRequest) (*huntrun.Result, error) {
	if !req.Window.Start.Before(req.Window.End) {
		return nil, &RequestError{fmt.Errorf("empty window: %s is not before %s", req.Window.Start.Format(time.RFC3339), req.Window.End.Format(time.RFC3339))}
	}
	pack, err := hunt.Load(req.HuntDirs...)
	if err != nil {
		return nil, err
	}
	hs, err := pack.Select(req.IDs, req.Filter)
	if err != nil {
		return nil, &RequestError{err}
	}
	if len(hs) == 0 {
		return nil, &RequestError{errors.New("no hunt matches the selection")}
	}
	if err := hunt.CheckParams(hs, req.Params); err != nil {
		return nil, &RequestError{err}
	}
	if req.Selected != nil {
		req.Selected(len(hs))
	}
	eng := req.Engine.options(req.Lake)
	if req.NoCache {
		eng.Cache = []string{}
	}
	return huntrun.Run(ctx, eng, hs, hunt.RunOptions{
		Window: req.Window, Now: req.Engine.nowOr(time.Now), Params: req.Params, Parallel: req.Parallel,
		Started: req.Started, Finished: req.Finished,
	}, req.Incidents)
}
