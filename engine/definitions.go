package engine

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// Everything a statement can name besides DuckDB's own — the table and
// union views over the lake window, the Trino macros, the session views,
// the raw views — is defined when a statement first names it, with what
// it reads, not at Open. Defining it all at Open took most of the open
// (the macros, one round trip each, 15-30 ms; the views 25-30 ms, since
// DuckDB binds a view's SELECT, reading Parquet footers, when it is
// created; the session views 15-25 ms; on the loaded 2-core bench
// machine), paid by every command: a one-day query names one view and no
// macro.
//
// A statement's names are its identifiers and string literals (hunts name
// their tables to query_table as strings): a string that happens to hold
// a name defines it needlessly, no worse. A statement that lists the
// catalog defines everything (catalogNames).

// definition is one thing Open leaves for a statement to define.
type definition struct {
	name string
	// deps are the definitions its SQL names.
	deps []string
	// stmt is its SQL when it is fixed: such statements are run together,
	// in one round trip.
	stmt string
	// create defines a view over the lake's files, alone so that its
	// error names it (a file can be unreadable).
	create func(ctx context.Context) error
}

// definitionState is what an engine has defined. mu also guards
// Engine.mapColumns, which each definition may extend: mapsStale says
// they are to be read again before a translation uses them.
type definitionState struct {
	mu        sync.Mutex
	all       []definition // in an order where every definition follows its deps
	byName    map[string]definition
	defined   map[string]bool
	ranRaw    map[string]bool // raw view files run (rawviews.go)
	mapsStale bool
}

// staticDefinitions are the definitions whose SQL is the same for every
// engine: the macros and the session views, in the order they were once
// all run at Open, which defines each after what it uses.
var staticDefinitions = sync.OnceValue(func() []definition {
	var defs []definition
	for _, stmts := range [][]string{trinoMacros, sessionViews} {
		for _, s := range stmts {
			defs = append(defs, definition{name: definedName(s), stmt: s})
		}
	}
	known := lakeViewNames()
	for _, d := range defs {
		known[d.name] = true
	}
	for i, d := range defs {
		defs[i].deps = namesKnown(d.stmt, known, d.name)
	}
	return defs
})

// lakeViewNames are the names of the views over the lake.
func lakeViewNames() map[string]bool {
	names := map[string]bool{}
	for _, t := range lake.Tables {
		names[t.View] = true
		if t.Issuing {
			names[issuingViewName(t)] = true
			names[issuedViewName(t)] = true
		}
	}
	for _, u := range lake.UnionViews {
		names[u.View] = true
	}
	return names
}

// definedName is the name a CREATE MACRO, VIEW or TYPE statement defines.
func definedName(stmt string) string {
	var words []string
	for _, t := range sqltext.Lex(stmt) {
		if t.Significant() {
			words = append(words, t.IdentName())
		}
		if len(words) == 3 {
			return words[2]
		}
	}
	panic("not a CREATE statement: " + stmt)
}

// namesIn returns the identifiers and string literals of a text, lower
// case.
func namesIn(text string) map[string]bool {
	names := map[string]bool{}
	for _, t := range sqltext.Lex(text) {
		if name := t.IdentName(); name != "" {
			names[name] = true
		} else if s, ok := t.StringValue(); ok {
			names[strings.ToLower(s)] = true
		}
	}
	return names
}

// namesKnown returns the names of text among known, except self.
func namesKnown(text string, known map[string]bool, self string) []string {
	var deps []string
	for name := range namesIn(text) {
		if known[name] && name != self {
			deps = append(deps, name)
		}
	}
	return deps
}

// setDefinitions records what the engine defines on use: its views over
// the lake (viewDefinitions), then the static definitions.
func (e *Engine) setDefinitions(views []definition) {
	s := &e.defs
	s.all = append(views, staticDefinitions()...)
	s.byName = make(map[string]definition, len(s.all))
	for _, d := range s.all {
		s.byName[d.name] = d
	}
	s.defined = map[string]bool{}
	s.ranRaw = map[string]bool{}
	s.mapsStale = true
}

// define defines what the translated statement names and the engine has
// not defined yet, with everything that reads, and reports whether it
// defined anything; the map columns are then stale.
func (e *Engine) define(ctx context.Context, tr *translation) (bool, error) {
	names := namesIn(tr.text())
	for name := range tr.rawViews {
		names[name] = true
	}
	s := &e.defs
	s.mu.Lock()
	defer s.mu.Unlock()
	raw := s.rawFilesNeeded(tr.rawViews)
	for _, file := range raw {
		for _, name := range rawFileDeps()[file] {
			names[name] = true
		}
	}
	need := map[string]bool{}
	var visit func(name string)
	visit = func(name string) {
		d, ok := s.byName[name]
		if !ok || need[name] || s.defined[name] {
			return
		}
		need[name] = true
		for _, dep := range d.deps {
			visit(dep)
		}
	}
	for name := range names {
		visit(name)
	}
	if names["*"] {
		for _, d := range s.all {
			visit(d.name)
		}
	}
	if len(need) == 0 && len(raw) == 0 {
		return false, nil
	}
	var batch []string
	var batched []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := e.db.ExecContext(ctx, strings.Join(batch, ";\n")); err != nil {
			return fmt.Errorf("cannot define %s: %w", strings.Join(batched, ", "), err)
		}
		for _, name := range batched {
			s.defined[name] = true
		}
		batch, batched = nil, nil
		return nil
	}
	for _, d := range s.all {
		if !need[d.name] {
			continue
		}
		if d.create == nil {
			batch, batched = append(batch, d.stmt), append(batched, d.name)
			continue
		}
		if err := flush(); err != nil {
			return false, err
		}
		if err := d.create(ctx); err != nil {
			return false, err
		}
		s.defined[d.name] = true
	}
	if err := flush(); err != nil {
		return false, err
	}
	if err := e.runRawFiles(ctx, raw); err != nil {
		return false, err
	}
	s.mapsStale = true
	return true, nil
}
