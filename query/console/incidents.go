package console

import (
	"bytes"
	"context"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

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
	done     chan struct{}
	incs     []incident.Incident
	err      error
	waiters  int
	cancel   context.CancelFunc
	progress packProgress
}

// packProgress is how far a run of the pack has gone: the incidents
// page's progress bar, hunt by hunt.
type packProgress struct {
	mu          sync.Mutex
	began       time.Time
	total, done int
	running     []string // the hunts running now, in the order they started
	// changed is closed, and replaced, at each change.
	changed chan struct{}
}

func newPackProgress() packProgress {
	return packProgress{began: time.Now(), changed: make(chan struct{})}
}

func (p *packProgress) update(change func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	change()
	close(p.changed)
	p.changed = make(chan struct{})
}

// tick is the progress now, and a channel closed at its next change.
func (p *packProgress) tick() (tick, <-chan struct{}) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := tick{Done: p.done, Total: p.total, Unit: "hunts", Seconds: time.Since(p.began).Seconds()}
	switch {
	case len(p.running) > 0:
		t.Label = "running " + strings.Join(p.running, ", ")
	case p.total > 0 && p.done == p.total:
		t.Label = "grouping the findings into incidents"
	default:
		// Before the first hunt, the engine lists the window's files and
		// may copy CloudTrail sorted for the pack (huntrun).
		t.Label = "opening the lake"
	}
	return t, p.changed
}

// incidentsFor runs the pack over the view's window, grouped into
// incidents, or waits for the run in progress, or takes the kept run.
func (s *Server) incidentsFor(r *http.Request, v view) ([]incident.Incident, error) {
	incs, run, key := s.joinPackRun(v)
	if run == nil {
		return incs, nil
	}
	return s.waitPackRun(r.Context(), key, run, nil)
}

// joinPackRun takes the kept incidents of the view's window, or joins the
// run in progress for it, or starts one; the caller of a run must wait
// for it (waitPackRun).
func (s *Server) joinPackRun(v view) (kept []incident.Incident, run *packRun, key string) {
	key = s.opt.Lake + "|" + v.From.String() + "|" + v.To.String()
	incidentRuns.Lock()
	defer incidentRuns.Unlock()
	if incs, ok := incidentRuns.byKey[key]; ok {
		return incs, nil, key
	}
	run, ok := incidentRuns.inFlight[key]
	if !ok {
		run = s.startPackRun(key, v)
	}
	run.waiters++
	return nil, run, key
}

// waitPackRun waits for a run the page joined, showing each change of its
// progress (show is false once the page is gone), or until ctx ends; the
// last page to leave a run cancels it.
func (s *Server) waitPackRun(ctx context.Context, key string, run *packRun, show func(tick) bool) ([]incident.Incident, error) {
	for {
		t, changed := run.progress.tick()
		if show == nil {
			changed = nil
		} else if !show(t) {
			break
		}
		select {
		case <-run.done:
			return run.incs, run.err
		case <-changed:
			continue
		case <-ctx.Done():
		}
		break
	}
	incidentRuns.Lock()
	if run.waiters--; run.waiters == 0 {
		// The next page for this window starts a run of its own.
		run.cancel()
		if incidentRuns.inFlight[key] == run {
			delete(incidentRuns.inFlight, key)
		}
	}
	incidentRuns.Unlock()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return nil, context.Canceled
}

// huntStarted, when set, runs as each hunt of a pack starts, with the
// run's context: a test holds the pack there to stop it midway.
var huntStarted func(ctx context.Context)

// startPackRun starts the pack over the window; incidentRuns is locked.
func (s *Server) startPackRun(key string, v view) *packRun {
	ctx, cancel := context.WithTimeout(context.Background(), s.opt.Timeout)
	run := &packRun{done: make(chan struct{}), cancel: cancel, progress: newPackProgress()}
	if incidentRuns.inFlight == nil {
		incidentRuns.inFlight = map[string]*packRun{}
	}
	incidentRuns.inFlight[key] = run
	s.packRuns.Add(1)
	s.running.Add(1)
	p := &run.progress
	go func() {
		defer cancel()
		res, err := workflow.RunHunts(ctx, workflow.HuntRequest{
			Lake: s.opt.Lake, Engine: workflow.EngineSettings{Now: s.anchor(ctx), MemoryLimit: s.opt.MemoryLimit}, Window: hunt.Window{Start: v.From, End: v.To},
			Parallel: 2, Incidents: &incident.Options{},
			Selected: func(n int) { p.update(func() { p.total = n }) },
			Started: func(h *hunt.Hunt) {
				p.update(func() { p.running = append(p.running, h.ID) })
				if huntStarted != nil {
					huntStarted(ctx)
				}
			},
			Finished: func(sum hunt.Summary) {
				p.update(func() {
					p.done++
					p.running = slices.DeleteFunc(p.running, func(id string) bool { return id == sum.HuntID })
				})
			},
		})
		if err == nil && ctx.Err() != nil {
			// Hunts cancelled midway report it in their summaries: the
			// run is not whole, so it is not kept.
			err = ctx.Err()
		}
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

// handleIncidents shows the incidents of the window: at once when the
// console keeps the window's run of the pack, else as a streamed page
// whose progress bar counts the hunts done and names those running, and
// whose Stop (leaving the page) cancels the run if no other page waits
// for it.
func (s *Server) handleIncidents(ctx context.Context, w http.ResponseWriter, r *http.Request, v view) {
	incs, run, key := s.joinPackRun(v)
	if run == nil {
		ip, err := incidentsOf(incs, r.PathValue("id"))
		if err != nil {
			s.fail(w, r, v, err)
			return
		}
		s.render(w, r, http.StatusOK, "incidents", page{Title: "Incidents", View: v, Data: ip})
		return
	}
	st := s.stream(w, r)
	first, _ := run.progress.tick()
	if !st.page("incidents-top", page{Title: "Incidents", View: v, Data: first}) {
		s.waitPackRun(r.Context(), key, run, func(tick) bool { return false })
		return
	}
	incs, err := s.waitPackRun(r.Context(), key, run, func(t tick) bool { return st.template("tick", t) })
	if r.Context().Err() != nil {
		return
	}
	var ip incidentsPage
	if err == nil {
		ip, err = incidentsOf(incs, r.PathValue("id"))
	}
	p := page{View: v, Data: ip}
	if err != nil {
		p.Error = err.Error()
	} else {
		done, _ := run.progress.tick()
		done.Done, done.Label = done.Total, "done"
		st.template("tick", done)
	}
	st.page("incidents-bottom", p)
}

// incidentsOf is the incidents page of a run: all its incidents, or the
// one id names.
func incidentsOf(incs []incident.Incident, id string) (incidentsPage, error) {
	ip := incidentsPage{Incidents: incs}
	if id != "" {
		ip.One = true
		ip.Incidents = nil
		for _, inc := range incs {
			if inc.ID == id {
				ip.Incidents = append(ip.Incidents, inc)
			}
		}
		if len(ip.Incidents) == 0 {
			return ip, userError{errNoIncident(id)}
		}
	}
	var frag bytes.Buffer
	if err := incident.WriteHTML(&frag, ip.Incidents); err != nil {
		return ip, err
	}
	// The fragment is the incident package's template output, every value
	// escaped by html/template there.
	ip.Fragment = template.HTML(frag.String())
	return ip, nil
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
