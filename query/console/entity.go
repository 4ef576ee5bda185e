package console

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/query/incident"
	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// reportCSP is the investigation page's own policy, which forbids the
// console's stylesheet and script; the console's header policy stands in.
var reportCSP = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`)

// entityStages are what an entity page waits for: the investigation's
// panels, then the hunting pack that finds the entity's incidents (run
// once per window and kept, as the incidents page keeps it).
const entityStages = 2

// handleInvestigate runs 'lakehunt investigate' for the entity over the
// view's window and streams the page in two stages: first the report,
// under the console's header, with the entity's identity chain drawn at
// the top with a link on every principal, key, address and event; then,
// once the hunting pack has run over the window, the incidents the entity
// is in, shown above the report.
func (s *Server) handleInvestigate(ctx context.Context, w http.ResponseWriter, r *http.Request, v view) {
	kind, err := investigate.ParseKind(r.PathValue("kind"))
	if err != nil {
		s.fail(w, r, v, userError{err})
		return
	}
	entity, err := investigate.NewEntity(kind, r.PathValue("value"))
	if err != nil {
		s.fail(w, r, v, userError{err})
		return
	}
	began := time.Now()
	s.running.Add(1)
	res, err := workflow.Investigate(ctx, workflow.InvestigateRequest{
		Lake: s.opt.Lake, Engine: workflow.EngineSettings{Now: s.anchor(ctx), MemoryLimit: s.opt.MemoryLimit}, Entity: entity,
		Scope: investigate.Window{Start: v.From, End: v.To}, Baseline: 30 * 24 * time.Hour, GeoIP: s.opt.GeoIP,
	})
	s.running.Add(-1)
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	// The console draws the identity chain itself, with links; the report
	// leaves it out (a report without one is what an address gets).
	chain := res.Report.IdentityChain
	res.Report.IdentityChain = nil
	var report bytes.Buffer
	if err := investigate.WriteHTML(&report, res.Report); err != nil {
		s.fail(w, r, v, err)
		return
	}
	parts, ok := splitReport(reportCSP.ReplaceAll(report.Bytes(), nil))
	if !ok {
		s.fail(w, r, v, errReportShape)
		return
	}
	investigated := time.Since(began).Seconds()
	// Each part is a no-op once the client has gone.
	st := s.stream(w, r)
	st.raw(parts.head)
	st.page("nav", page{Title: string(kind) + " " + entity.Value, View: v})
	st.template("progress", tick{Done: 1, Total: entityStages, Unit: "stages", Label: "investigation panels, now the hunting pack", Seconds: investigated})
	st.raw(parts.header)
	st.raw([]byte(`<div class="entity-flow">`))
	st.template("entity-identity", identitySection{View: v, Kind: kind, Chain: chain})
	st.raw(parts.main)
	if !st.template("entity-incidents-pending", nil) {
		return
	}
	sec := incidentsSection{View: v}
	incs, err := s.incidentsFor(r, v)
	if err != nil {
		sec.Error = err.Error()
	} else {
		sec.Total = len(incs)
		sec.Incidents = involving(incs, entity, chain)
	}
	st.template("entity-incidents", sec)
	st.template("tick", tick{Done: entityStages, Total: entityStages, Unit: "stages", Label: "done", Seconds: time.Since(began).Seconds()})
	st.raw(append([]byte(`</div>`), parts.tail...))
}

// reportParts are the investigation report cut where the console adds its
// own: the document's head (the console's stylesheet and script added),
// the report's header, its main part, and the end of the document.
type reportParts struct{ head, header, main, tail []byte }

var errReportShape = errors.New("the investigation report does not have the shape the console expects (<body>, </header>, </body>)")

func splitReport(html []byte) (reportParts, bool) {
	head := []byte(`<link rel="stylesheet" href="/static/console.css"><script src="/static/console.js" defer></script></head>`)
	html = bytes.Replace(html, []byte("</head>"), head, 1)
	body := bytes.Index(html, []byte("<body>"))
	header := bytes.Index(html, []byte("</header>"))
	end := bytes.LastIndex(html, []byte("</body>"))
	if body < 0 || header < body || end < header {
		return reportParts{}, false
	}
	body += len("<body>")
	header += len("</header>")
	return reportParts{head: html[:body], header: html[body:header], main: html[header:end], tail: html[end:]}, true
}

// identitySection is the identity chain at the top of an entity page.
type identitySection struct {
	View  view
	Kind  investigate.Kind
	Chain *investigate.IdentityChain // nil for kinds without sessions
}

// incidentsSection is the incidents an entity is in.
type incidentsSection struct {
	View      view
	Incidents []incident.Incident
	Total     int // incidents in the window
	Error     string
}

// involving keeps the incidents that name the entity, or a session or key
// of its identity chain (those it is, those it created). A principal
// given by name also matches the ARNs that end in it.
func involving(incs []incident.Incident, e investigate.Entity, chain *investigate.IdentityChain) []incident.Incident {
	names := map[string]bool{e.Value: true}
	if chain != nil {
		for _, list := range [][]investigate.ChainedSession{chain.Behind, chain.Created} {
			for _, c := range list {
				names[c.SessionARN], names[c.AccessKeyID] = true, true
			}
		}
	}
	delete(names, "")
	byName := e.Kind == investigate.KindPrincipal && !strings.HasPrefix(e.Value, "arn:")
	named := func(values []string) bool {
		for _, val := range values {
			if names[val] || byName && strings.HasSuffix(val, "/"+e.Value) {
				return true
			}
		}
		return false
	}
	var out []incident.Incident
	for _, inc := range incs {
		if named(inc.Principals) || named(inc.Sessions) || named(inc.AccessKeys) || named(inc.SrcIPs) ||
			named(inc.Accounts) || named(inc.Instances) {
			out = append(out, inc)
		}
	}
	return out
}
