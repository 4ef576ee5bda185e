package console

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"time"

	"github.com/lakehunt/lakehunt/query/investigate"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// reportCSP is the investigation page's own policy, which forbids the
// console's stylesheet and script; the console's header policy stands in.
var reportCSP = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy"[^>]*>`)

// handleInvestigate runs 'lakehunt investigate' for the entity over the
// view's window and shows its HTML report under the console's header.
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
	s.running.Add(1)
	res, err := workflow.Investigate(ctx, workflow.InvestigateRequest{
		Lake: s.opt.Lake, Engine: workflow.EngineSettings{Now: s.anchor(ctx)}, Entity: entity,
		Scope: investigate.Window{Start: v.From, End: v.To}, Baseline: 30 * 24 * time.Hour,
		Findings: true, GeoIP: s.opt.GeoIP,
	})
	s.running.Add(-1)
	if err != nil {
		s.fail(w, r, v, err)
		return
	}
	var report bytes.Buffer
	if err := investigate.WriteHTML(&report, res.Report); err != nil {
		s.fail(w, r, v, err)
		return
	}
	html := reportCSP.ReplaceAll(report.Bytes(), nil)
	var header bytes.Buffer
	if err := pages.ExecuteTemplate(&header, "nav", page{Title: string(kind) + " " + entity.Value, View: v, Path: r.URL.Path, Presets: presets, Dashboards: dashboards}); err != nil {
		s.fail(w, r, v, err)
		return
	}
	head := []byte(`<link rel="stylesheet" href="/static/console.css"><script src="/static/console.js" defer></script></head>`)
	html = bytes.Replace(html, []byte("</head>"), head, 1)
	if i := bytes.Index(html, []byte("<body>")); i >= 0 {
		html = append(html[:i+len("<body>"):i+len("<body>")], append(header.Bytes(), html[i+len("<body>"):]...)...)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(html)
}
