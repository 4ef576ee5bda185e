package console

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
)

// tick is one step of a long page done: the page's progress bar
// (static/progress.js) shows the last tick it has read. A page streams a
// tick after each panel or stage, so the bar counts work that finished,
// not time that passed.
type tick struct {
	Done, Total int
	Unit        string // what is counted: panels, stages
	Label       string // what just finished
	Seconds     float64
}

// stream writes a page in parts, each flushed to the browser as soon as
// it is drawn. Its status is 200 from the first part on: whatever fails
// after that is shown in the page.
type stream struct {
	s  *Server
	w  http.ResponseWriter
	r  *http.Request
	rc *http.ResponseController
	ok bool
}

func (s *Server) stream(w http.ResponseWriter, r *http.Request) *stream {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// Proxies must not hold the parts back.
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	return &stream{s: s, w: w, r: r, rc: http.NewResponseController(w), ok: true}
}

// template draws one part and flushes it; false once the client is gone
// (the request's context then cancels what runs).
func (st *stream) template(name string, data any) bool {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		fmt.Fprintf(&buf, `<div class="error" role="alert"><pre>cannot draw this part of the page: %s</pre></div>`, template.HTMLEscapeString(err.Error()))
	}
	return st.raw(buf.Bytes())
}

// page draws a part that is a page template, with the page's common fields.
func (st *stream) page(name string, p page) bool {
	p.fill(st.r)
	return st.template(name, p)
}

// raw writes bytes drawn elsewhere (the investigation report) and flushes.
func (st *stream) raw(b []byte) bool {
	if !st.ok {
		return false
	}
	if _, err := st.w.Write(b); err != nil {
		st.ok = false
		return false
	}
	if err := st.rc.Flush(); err != nil {
		st.ok = false
	}
	return st.ok && st.r.Context().Err() == nil
}
