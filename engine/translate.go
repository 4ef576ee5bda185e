package engine

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine/sqltext"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// Dialect is the SQL a statement is written in.
//
// DialectAthena (the default) accepts the Athena/Trino SQL published for
// Security Lake and plain DuckDB SQL alike. Most Trino additions are
// functions DuckDB lacks (from_unixtime, json_extract_scalar, any_match...),
// defined as macros, and syntax DuckDB already shares. Where both engines
// know a name but disagree on its meaning, Trino's meaning wins, because a
// query copied from Athena must give Athena's answer:
//
//	a / b on integers     integer division (DuckDB: a // b)
//	regexp_extract        NULL when nothing matches (DuckDB: '')
//	regexp_replace        replaces every match, $1 groups (DuckDB: first match, \1)
//	replace(s, search)    removes search (DuckDB: needs the replacement)
//	split_part            NULL past the last field (DuckDB: '')
//	element_at(map, k)    the value (DuckDB: a one-element list)
//	cardinality(array)    its length (DuckDB: maps only)
//	date_diff             whole units elapsed (DuckDB: boundaries crossed)
//	arbitrary             any non-NULL value (DuckDB: first value, NULL too)
//	array_position        0 when absent (DuckDB: NULL)
//	contains(cidr, ip)    CIDR containment when the address is an IPADDRESS
//	format                Java-style %s specifiers (DuckDB: fmt-style {})
//	json_extract          NULL for malformed JSON (DuckDB: an error)
//
// DialectDuckDB runs DuckDB SQL untouched except for what is not dialect:
// Glue table names, the IPADDRESS type, the Trino macros, and the pinned
// clock of Options.Now.
type Dialect string

// The dialects.
const (
	DialectAthena Dialect = "athena"
	DialectDuckDB Dialect = "duckdb"
)

// ParseDialect checks a --dialect value; "" means athena.
func ParseDialect(s string) (Dialect, error) {
	switch d := Dialect(strings.ToLower(s)); d {
	case "", "trino":
		return DialectAthena, nil
	case DialectAthena, DialectDuckDB:
		return d, nil
	}
	return "", fmt.Errorf("unknown SQL dialect %q (want athena or duckdb)", s)
}

// Translate rewrites a statement for DuckDB: Glue names to the lake's
// views, the pinned clock, and in the athena dialect the Trino constructs.
// Text it does not rewrite (including every string literal, quoted name and
// comment) is passed through byte for byte.
func (e *Engine) Translate(sqlText string) (string, error) {
	tr, err := e.translate(sqlText)
	if err != nil {
		return "", err
	}
	return tr.text(), nil
}

// translate translates a statement, first defining the views and macros
// it names (definitions.go); a statement that defined one is translated
// again, since the views' map columns change what cardinality means.
func (e *Engine) translate(sqlText string) (*translation, error) {
	// Only cardinality depends on the map columns, and reading them costs
	// 9 ms the first time in an engine (duckdb_columns() makes DuckDB build
	// its catalog's own views), a quarter of a one-day query: a statement
	// that cannot call it does not read them.
	needMaps := strings.Contains(strings.ToLower(sqlText), "cardinality")
	config := func() (translateConfig, error) {
		s := &e.defs
		s.mu.Lock()
		defer s.mu.Unlock()
		if needMaps && s.mapsStale {
			if err := e.findMapColumns(context.Background()); err != nil {
				return translateConfig{}, err
			}
			s.mapsStale = false
		}
		return translateConfig{dialect: e.opt.Dialect, now: e.opt.Now, mapColumns: e.mapColumns}, nil
	}
	cfg, err := config()
	if err != nil {
		return nil, err
	}
	tr, err := translate(sqlText, cfg)
	if err != nil {
		return nil, err
	}
	defined, err := e.define(context.Background(), tr)
	if err != nil || !defined {
		return tr, err
	}
	if cfg, err = config(); err != nil {
		return nil, err
	}
	return translate(sqlText, cfg)
}

// translateConfig is what a translation depends on besides the text.
type translateConfig struct {
	dialect Dialect
	now     time.Time
	// mapColumns are the names of MAP-typed columns of the views: Trino's
	// cardinality works on arrays and maps, DuckDB needs to be told which.
	mapColumns map[string]bool
}

// translation is a translated statement that remembers, for each part of
// its text, where that part came from, so DuckDB's error positions can be
// shown in the user's own SQL.
type translation struct {
	source string
	pieces []piece
	// rawViews are the raw views the statement names ("*": all of them,
	// for a statement that lists the catalog).
	rawViews map[string]bool
}

// piece is a run of output text. Pieces copied from the source map
// offset for offset; synthesized ones map to the construct they replace.
type piece struct {
	text   string
	origin int
	copied bool
}

func (t *translation) text() string {
	var b strings.Builder
	for _, p := range t.pieces {
		b.WriteString(p.text)
	}
	return b.String()
}

// wrap embeds the translated statement in a larger one; the added text
// maps to the start of the statement.
func (t *translation) wrap(prefix, suffix string) *translation {
	pieces := append([]piece{{text: prefix}}, t.pieces...)
	return &translation{source: t.source, pieces: append(pieces, piece{text: suffix, origin: len(t.source)})}
}

// changed tells whether translation rewrote anything.
func (t *translation) changed() bool { return t.text() != t.source }

// sourceOffset maps an offset in the translated text to the source.
func (t *translation) sourceOffset(off int) int {
	at := 0
	for _, p := range t.pieces {
		if off < at+len(p.text) {
			if p.copied {
				return p.origin + off - at
			}
			return p.origin
		}
		at += len(p.text)
	}
	return len(t.source)
}

// translator walks the tokens of one statement and emits pieces.
type translator struct {
	translateConfig
	src      string
	toks     []sqltext.Token
	match    []int // index of the closing bracket for an opening one, else -1
	out      []piece
	err      error
	rawViews map[string]bool
}

func translate(src string, cfg translateConfig) (*translation, error) {
	tr := &translator{translateConfig: cfg, src: src, toks: sqltext.Lex(src)}
	tr.match = matchBrackets(tr.toks)
	tr.emitRange(0, len(tr.toks))
	if tr.err != nil {
		return nil, tr.err
	}
	return &translation{source: src, pieces: tr.out, rawViews: tr.rawViews}, nil
}

// matchBrackets pairs ( [ { with their closers; unbalanced ones stay -1
// and are copied as they are, for DuckDB to report.
func matchBrackets(toks []sqltext.Token) []int {
	match := make([]int, len(toks))
	var stack []int
	closer := map[string]string{"(": ")", "[": "]", "{": "}"}
	for i, t := range toks {
		match[i] = -1
		if t.Kind != sqltext.Punct {
			continue
		}
		switch t.Text {
		case "(", "[", "{":
			stack = append(stack, i)
		case ")", "]", "}":
			if n := len(stack); n > 0 && closer[toks[stack[n-1]].Text] == t.Text {
				match[stack[n-1]] = i
				stack = stack[:n-1]
			} else {
				stack = stack[:0]
			}
		}
	}
	return match
}

func (tr *translator) fail(format string, args ...any) {
	if tr.err == nil {
		tr.err = fmt.Errorf(format, args...)
	}
}

func (tr *translator) copyTok(i int) {
	t := tr.toks[i]
	tr.out = append(tr.out, piece{text: t.Text, origin: t.Pos, copied: true})
}

// synth emits text that stands for the source construct at token i.
func (tr *translator) synth(text string, i int) {
	tr.out = append(tr.out, piece{text: text, origin: tr.toks[i].Pos})
}

// next returns the index of the first significant token after i, or hi.
func (tr *translator) next(i, hi int) int {
	for i++; i < hi && !tr.toks[i].Significant(); i++ {
	}
	return i
}

// prev returns the index of the last significant token before i, or -1.
func (tr *translator) prev(i int) int {
	for i--; i >= 0 && !tr.toks[i].Significant(); i-- {
	}
	return i
}

func (tr *translator) prevIs(i int, s string) bool {
	p := tr.prev(i)
	return p >= 0 && (tr.toks[p].Is(s) || tr.toks[p].IsWord(s))
}

func (tr *translator) emitRange(lo, hi int) {
	for i := lo; i < hi && tr.err == nil; {
		i = tr.step(i, hi)
	}
}

// step emits the construct starting at token i and returns the index after it.
func (tr *translator) step(i, hi int) int {
	t := tr.toks[i]
	if !t.Significant() || tr.prevIs(i, ".") {
		tr.copyTok(i)
		return i + 1
	}
	tr.noteRawView(t)
	if n, ok := tr.rawTableName(i, hi); ok {
		return n
	}
	if t.Kind == sqltext.Ident || t.Kind == sqltext.QuotedIdent {
		if n, ok := tr.glueName(i, hi); ok {
			return n
		}
	}
	if t.Kind != sqltext.Ident {
		tr.copyTok(i)
		return i + 1
	}
	if n, ok := tr.pinnedClock(i, hi); ok {
		return n
	}
	if tr.dialect == DialectAthena {
		if n, ok := tr.athenaSyntax(i, hi); ok {
			return n
		}
	}
	if c, ok := tr.callAt(i, hi); ok {
		if tr.dialect == DialectAthena {
			if h := trinoCalls[c.name]; h != nil && h(tr, c) {
				return c.close + 1
			}
		}
		tr.emitCall(c)
		return c.close + 1
	}
	tr.copyTok(i)
	return i + 1
}

// call is a function call name(args) in the token stream.
type call struct {
	name  string // lower case
	at    int    // the name token
	open  int    // the ( token
	close int    // the ) token
	args  [][2]int
}

// callAt recognises name( ... ) at token i. A name after AS is a table
// alias with column names, not a call.
func (tr *translator) callAt(i, hi int) (call, bool) {
	open := tr.next(i, hi)
	if open >= hi || !tr.toks[open].Is("(") || tr.match[open] < 0 || tr.match[open] >= hi || tr.prevIs(i, "as") {
		return call{}, false
	}
	c := call{name: strings.ToLower(tr.toks[i].Text), at: i, open: open, close: tr.match[open]}
	c.args = tr.splitArgs(open+1, c.close)
	return c, true
}

// splitArgs splits [lo, hi) at top-level commas; an empty range has no args.
func (tr *translator) splitArgs(lo, hi int) [][2]int {
	if tr.next(lo-1, hi) >= hi {
		return nil
	}
	var args [][2]int
	start := lo
	for i := lo; i < hi; i++ {
		if m := tr.match[i]; m > i {
			i = m
			continue
		}
		if tr.toks[i].Is(",") {
			args = append(args, [2]int{start, i})
			start = i + 1
		}
	}
	return append(args, [2]int{start, hi})
}

// emitCall copies a call, translating its arguments.
func (tr *translator) emitCall(c call) {
	for i := c.at; i <= c.open; i++ {
		tr.copyTok(i)
	}
	tr.emitRange(c.open+1, c.close)
	tr.copyTok(c.close)
}

// emitTemplate replaces a call by tmpl, where $1..$9 stand for the
// translated arguments.
func (tr *translator) emitTemplate(c call, tmpl string) {
	for len(tmpl) > 0 && tr.err == nil {
		at := strings.IndexByte(tmpl, '$')
		if at < 0 || at+1 >= len(tmpl) || tmpl[at+1] < '1' || tmpl[at+1] > '9' {
			tr.synth(tmpl, c.at)
			return
		}
		if at > 0 {
			tr.synth(tmpl[:at], c.at)
		}
		n := int(tmpl[at+1] - '1')
		if n >= len(c.args) {
			tr.fail("internal error: template %q needs argument %d of %s", tmpl, n+1, c.name)
			return
		}
		lo, hi := c.args[n][0], c.args[n][1]
		for lo < hi && tr.toks[lo].Kind == sqltext.Space {
			lo++
		}
		for hi > lo && tr.toks[hi-1].Kind == sqltext.Space {
			hi--
		}
		tr.emitRange(lo, hi)
		tmpl = tmpl[at+2:]
	}
}

// onlyToken returns the single significant token of a range.
func (tr *translator) onlyToken(r [2]int) (sqltext.Token, bool) {
	first := tr.next(r[0]-1, r[1])
	if first >= r[1] || tr.next(first, r[1]) < r[1] {
		return sqltext.Token{}, false
	}
	return tr.toks[first], true
}

// rangeText is the source text of a token range, for error messages.
func (tr *translator) rangeText(r [2]int) string {
	var b strings.Builder
	for i := r[0]; i < r[1]; i++ {
		b.WriteString(tr.toks[i].Text)
	}
	return strings.TrimSpace(b.String())
}

// Glue Data Catalog names of Security Lake tables, in any region: the
// database amazon_security_lake_glue_db_<region> and the tables
// amazon_security_lake_table_<region>_<source>_<version>.
var (
	glueDatabase = regexp.MustCompile(`^amazon_security_lake_glue_db_[a-z0-9_]+$`)
	glueTable    = regexp.MustCompile(`^amazon_security_lake_table_[a-z0-9_]+?_((?:cloud_trail_mgmt|vpc_flow|route53|sh_findings|s3_data|lambda_execution|eks_audit|waf)_[0-9]+_[0-9]+)$`)
)

// glueName replaces [awsdatacatalog.]db.table, or a bare Glue table name,
// with the view over the lake.
//
// The region in the name does not filter the data. In Security Lake the
// table of a region holds what that (rollup) region collects, which can be
// every region and account; a local lake is one such collection, so every
// region's name reads the whole table, and the region column is there to
// filter on.
func (tr *translator) glueName(i, hi int) (int, bool) {
	start := i
	name := tr.toks[i].IdentName()
	if name == "awsdatacatalog" {
		dot := tr.next(i, hi)
		db := tr.next(dot, hi)
		if db >= hi || !tr.toks[dot].Is(".") || !glueDatabase.MatchString(tr.toks[db].IdentName()) {
			return 0, false
		}
		i, name = db, tr.toks[db].IdentName()
	}
	if glueDatabase.MatchString(name) {
		dot := tr.next(i, hi)
		table := tr.next(dot, hi)
		if table >= hi || !tr.toks[dot].Is(".") {
			return 0, false
		}
		i, name = table, tr.toks[table].IdentName()
		if !glueTable.MatchString(name) {
			tr.fail("Glue table %s.%s is not a Security Lake table lakehunt knows: use %s", tr.toks[start].Text, tr.toks[table].Text, glueTableList())
			return i + 1, true
		}
	}
	m := glueTable.FindStringSubmatch(name)
	if m == nil {
		return 0, false
	}
	if t, ok := lake.TableByGlueSuffix(m[1]); ok {
		tr.synth(t.View, start)
		return i + 1, true
	}
	tr.fail("the lake has no %s table (Glue name %s): lakehunt lakes hold %s", m[1], tr.toks[i].Text, glueTableList())
	return i + 1, true
}

func glueTableList() string {
	var names []string
	for _, t := range lake.Tables {
		names = append(names, t.GlueTable("<region>")+" (view "+t.View+")")
	}
	sort.Strings(names)
	return strings.Join(names, " and ")
}

// The names people give the tables whose shape the raw views have
// (rawviews.go): AWS's documented Athena tables, the CloudTrail console's
// "Create Athena table" (cloudtrail_logs_<bucket>, hyphens and dots of the
// bucket name made underscores) and the partition projection example
// (cloudtrail_logs_pp), and CloudTrail Lake's event data stores, named in
// FROM by their ID (a UUID; AWS's examples use EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE)
// or ARN.
var (
	rawTableNames = []struct {
		pattern *regexp.Regexp
		view    string
	}{
		{regexp.MustCompile(`^cloudtrail_logs(_[a-z0-9_.-]+)?$`), "cloudtrail_logs"},
		{regexp.MustCompile(`^vpc_flow_logs(_[a-z0-9_.-]+)?$`), "vpc_flow_logs"},
	}
	eventDataStore = regexp.MustCompile(`^(?:arn:aws[a-z-]*:cloudtrail:[a-z0-9-]+:[0-9]{12}:eventdatastore/)?[0-9A-Za-z]{8,12}(?:-[0-9A-Za-z]{4}){2,3}-[0-9A-Za-z]{12}`)
)

// cloudTrailLakeView is the view event data store names resolve to.
const cloudTrailLakeView = "cloudtrail_lake"

// catalogNames list the catalog: a statement naming one needs every view
// and macro defined (definitions.go), so that listings (the shell's
// .tables) show them.
var catalogNames = map[string]bool{"duckdb_views": true, "duckdb_tables": true, "duckdb_columns": true,
	"duckdb_functions": true, "duckdb_types": true, "information_schema": true, "show": true, "describe": true,
	"show_tables": true, "show_tables_expanded": true}

// noteRawView records a raw view the token names, by its own name or a
// name that resolves to it, or a statement that lists the catalog.
func (tr *translator) noteRawView(t sqltext.Token) {
	name := t.IdentName()
	switch {
	case name == "":
		return
	case catalogNames[name]:
		name = "*"
	case !isRawView(name):
		return
	}
	if tr.rawViews == nil {
		tr.rawViews = map[string]bool{}
	}
	tr.rawViews[name] = true
}

// rawTableName replaces a raw table's name with its view after FROM or
// JOIN, there with a database and catalog before it too, and as the
// qualifier of a column; and an event data store after FROM or JOIN.
func (tr *translator) rawTableName(i, hi int) (int, bool) {
	inFrom := tr.prevIs(i, "from") || tr.prevIs(i, "join")
	if !inFrom {
		if dot := tr.next(i, hi); dot >= hi || !tr.toks[dot].Is(".") {
			return 0, false
		}
	}
	if inFrom {
		if m := eventDataStore.FindString(tr.src[tr.toks[i].Pos:]); m != "" {
			end := tr.toks[i].Pos + len(m)
			for j := i; j < hi && tr.toks[j].Pos <= end; j++ {
				if tr.toks[j].Pos == end {
					return tr.rawView(cloudTrailLakeView, i, j)
				}
			}
			if end == len(tr.src) && hi == len(tr.toks) {
				return tr.rawView(cloudTrailLakeView, i, hi)
			}
		}
	}
	last := i
	for parts := 1; inFrom && parts < 3; parts++ {
		dot := tr.next(last, hi)
		name := tr.next(dot, hi)
		if name >= hi || !tr.toks[dot].Is(".") || tr.toks[name].IdentName() == "" {
			break
		}
		last = name
	}
	name := tr.toks[last].IdentName()
	for _, t := range rawTableNames {
		if t.pattern.MatchString(name) {
			return tr.rawView(t.view, i, last+1)
		}
	}
	return 0, false
}

// rawView emits view for tokens [i, end).
func (tr *translator) rawView(view string, i, end int) (int, bool) {
	tr.synth(view, i)
	tr.noteRawView(sqltext.Token{Kind: sqltext.Ident, Text: view})
	return end, true
}

// pinnedClock replaces the current-time functions by literals of
// Options.Now, so relative SQL such as CURRENT_TIMESTAMP - INTERVAL '7' DAY
// gives the same answer on historical logs every time.
func (tr *translator) pinnedClock(i, hi int) (int, bool) {
	if tr.now.IsZero() {
		return 0, false
	}
	now := tr.now.UTC()
	var lit string
	needsParens := false
	switch strings.ToLower(tr.toks[i].Text) {
	case "current_timestamp":
		lit = sqltext.TimestampLiteral(now)
	case "now", "get_current_timestamp", "transaction_timestamp":
		lit, needsParens = sqltext.TimestampLiteral(now), true
	case "localtimestamp":
		lit = "TIMESTAMP '" + now.Format(sqltext.TimestampLayout) + "'"
	case "current_date":
		lit = "DATE '" + now.Format("2006-01-02") + "'"
	case "today":
		lit, needsParens = "DATE '"+now.Format("2006-01-02")+"'", true
	case "current_time":
		lit = "TIMETZ '" + now.Format("15:04:05.999999") + "+00'"
	case "localtime":
		lit = "TIME '" + now.Format("15:04:05.999999") + "'"
	default:
		return 0, false
	}
	end := i + 1
	if c, ok := tr.callAt(i, hi); ok {
		end = c.close + 1 // current_timestamp(3): the precision does not matter at a fixed instant
	} else if needsParens {
		return 0, false
	}
	tr.synth(lit, i)
	return end, true
}
