package console

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"sync"

	"github.com/lakehunt/lakehunt/query/hunt"
	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// incidentRuns keeps the last runs of the pack by window, so that an
// incident's own page (/incidents/{id}?from=&to=) and the entity pages of
// the window do not run it again; and the run in progress for a window,
// which every page that asks for it waits for.
var incidentRuns struct {
	sync.Mutex
	byKey    map[string][]incident.Incident
	order    []string
	inFlight map[string]*packRun
}

const keptRuns = 8

// packRun is a run of the pack in progress. It goes on while a page waits
// for it and is cancelled when the last one goes away, so that a user
// who moves from the incidents page to an entity page of the same window
// while it runs does not start it over, and one who leaves stops it.
type packRun struct {
	done    chan struct{}
	incs    []incident.Incident
	err     error
	waiters int
	cancel  context.CancelFunc
}

// incidentsFor runs the pack over the view's window, grouped into
// incidents, or waits for the run in progress, or takes the kept run.
func (s *Server) incidentsFor(r *http.Request, v view) ([]incident.Incident, error) {
	key := s.opt.Lake + "|" + v.From.String() + "|" + v.To.String()
	incidentRuns.Lock()
	if incs, ok := incidentRuns.byKey[key]; ok {
		incidentRuns.Unlock()
		return incs, nil
	}
	run, ok := incidentRuns.inFlight[key]
	if !ok {
		run = s.startPackRun(key, v)
	}
	run.waiters++
	incidentRuns.Unlock()
	select {
	case <-run.done:
		return run.incs, run.err
	case <-r.Context().Done():
		incidentRuns.Lock()
		if run.waiters--; run.waiters == 0 {
			// The next page for this window starts a run of its own.
			run.cancel()
			if incidentRuns.inFlight[key] == run {
				delete(incidentRuns.inFlight, key)
			}
		}
		incidentRuns.Unlock()
		return nil, r.Context().Err()
	}
}

// startPackRun starts the pack over the window; incidentRuns is locked.
func (s *Server) startPackRun(key string, v view) *packRun {
	ctx, cancel := context.WithTimeout(context.Background(), s.opt.Timeout)
	run := &packRun{done: make(chan struct{}), cancel: cancel}
	if incidentRuns.inFlight == nil {
		incidentRuns.inFlight = map[string]*packRun{}
	}
	incidentRuns.inFlight[key] = run
	s.packRuns.Add(1)
	s.running.Add(1)
	go func() {
		defer cancel()
		res, err := workflow.RunHunts(ctx, workflow.HuntRequest{
			Lake: s.opt.Lake, Engine: workflow.EngineSettings{Now: s.anchor(ctx)}, Window: hunt.Window{Start: v.From, End: v.To},
			Parallel: 2, Incidents: &incident.Options{},
		})
		s.running.Add(-1)
		incidentRuns.Lock()
		defer incidentRuns.Unlock()
		if incidentRuns.inFlight[key] == run {
			delete(incidentRuns.inFlight, key)
		}
		if err != nil {
			run.err = err
			close(run.done)
			return
		}
		run.incs = res.Incidents
		if incidentRuns.byKey == nil {
			incidentRuns.byKey = map[string][]incident.Incident{}
		}
		incidentRuns.byKey[key] = res.Incidents
		incidentRuns.order = append(incidentRuns.order, key)
		if len(incidentRuns.order) > keptRuns {
			delete(incidentRuns.byKey, incidentRuns.order[0])
			incidentRuns.order = incidentRuns.order[1:]
		}
		close(run.done)
	}()
	return run
}

// incidentsPage lists incidents with their entity links above the
// incident package's own HTML (timeline, findings, linking events).
type incidentsPage struct {
	Incidents []incident.Incident
	Fragment  template.HTML
	One       bool
}

func (s *Server) handleIncidents(ctx context.Context, w http.ResponseWriter, r *http.Request, v view) {
	incs, err := s.incidentsFor(r, v)
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	ip := incidentsPage{Incidents: incs}
	if id := r.PathValue("id"); id != "" {
		ip.One = true
		ip.Incidents = nil
		for _, inc := range incs {
			if inc.ID == id {
				ip.Incidents = append(ip.Incidents, inc)
			}
		}
		if len(ip.Incidents) == 0 {
			s.fail(w, r, v, userError{errNoIncident(id)})
			return
		}
	}
	var frag bytes.Buffer
	if err := incident.WriteHTML(&frag, ip.Incidents); err != nil {
		s.fail(w, r, v, err)
		return
	}
	// The fragment is the incident package's template output, every value
	// escaped by html/template there.
	ip.Fragment = template.HTML(frag.String())
	s.render(w, r, http.StatusOK, "incidents", page{Title: "Incidents", View: v, Data: ip})
}

// incidentCard is one incident's line: its title linked to its page,
// then its entities, each linked to its page.
type incidentCard struct {
	View     view
	Incident incident.Incident
}

type errNoIncident string

func (e errNoIncident) Error() string {
	return "no incident " + string(e) + " in this window: the id names an incident of the window it was found in (from= and to=)"
}
