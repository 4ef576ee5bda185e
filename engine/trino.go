package engine

import (
	"regexp"
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// trinoCall rewrites one Trino function call; it returns false to leave the
// call to the default (copy the name, translate the arguments).
type trinoCall func(tr *translator, c call) bool

// trinoCalls holds the Trino functions whose name DuckDB also uses with
// another meaning, or whose arguments need rewriting before DuckDB sees
// them. Trino functions DuckDB lacks entirely are macros (macros.go), so
// they work in both dialects.
var trinoCalls map[string]trinoCall

func init() {
	trinoCalls = map[string]trinoCall{
		"arbitrary":           rename("any_value"),
		"date_diff":           arity(3, "date_sub($1, $2, $3)"),
		"element_at":          arity(2, "($1)[$2]"),
		"regexp_extract":      regexpExtract,
		"regexp_replace":      regexpReplace,
		"replace":             arity(2, "replace($1, $2, '')"),
		"split_part":          arity(3, "lh_split_part($1, $2, $3)"),
		"date_add":            arity(3, "lh_date_add($1, $2, $3)"),
		"array_position":      arity(2, "lh_array_position($1, $2)"),
		"json_extract":        jsonPathCall("lh_json_extract"),
		"json_extract_scalar": jsonPathCall("json_extract_scalar"),
		"format":              rename("printf"),
		"transform":           arity(2, "list_transform($1, $2)"),
		"reduce":              arity(4, "list_transform([list_reduce($1, $3, $2)], $4)[1]"),
		"if":                  arity(2, "CASE WHEN $1 THEN $2 END"),
		"any_match":           arity(2, "lh_any_match(list_transform($1, $2))"),
		"all_match":           arity(2, "lh_all_match(list_transform($1, $2))"),
		"none_match":          arity(2, "lh_none_match(list_transform($1, $2))"),
		"cardinality":         cardinality,
		"contains":            containsCall,
		"date_format":         dateFormatCall("date_format", "strftime", false),
		"date_parse":          dateFormatCall("date_parse", "strptime", true),
		"cast":                castCall,
		"try_cast":            castCall,
		"format_datetime": unsupported("format_datetime takes Joda-Time patterns, which lakehunt does not translate: " +
			"write date_format(ts, '%Y-%m-%d %H:%i:%s') with MySQL specifiers"),
		"parse_datetime": unsupported("parse_datetime takes Joda-Time patterns, which lakehunt does not translate: " +
			"write date_parse(s, '%Y-%m-%d %H:%i:%s') with MySQL specifiers"),
	}
}

func rename(to string) trinoCall {
	return func(tr *translator, c call) bool {
		tr.synth(to, c.at)
		for i := c.at + 1; i <= c.open; i++ {
			tr.copyTok(i)
		}
		tr.emitRange(c.open+1, c.close)
		tr.copyTok(c.close)
		return true
	}
}

// arity applies tmpl to calls with n arguments and leaves other arities to
// DuckDB, which has its own function of that name and arity.
func arity(n int, tmpl string) trinoCall {
	return func(tr *translator, c call) bool {
		if len(c.args) != n {
			return false
		}
		tr.emitTemplate(c, tmpl)
		return true
	}
}

func unsupported(msg string) trinoCall {
	return func(tr *translator, c call) bool {
		tr.fail("%s", msg)
		return true
	}
}

// regexpExtract gives Trino's NULL for no match.
func regexpExtract(tr *translator, c call) bool {
	switch len(c.args) {
	case 2:
		tr.emitTemplate(c, "lh_regexp_extract($1, $2, 0)")
	case 3:
		tr.emitTemplate(c, "lh_regexp_extract($1, $2, $3)")
	default:
		return false
	}
	return true
}

// regexpReplace replaces every match as Trino does, and turns Java's $n
// group references of a literal replacement into RE2's \n.
func regexpReplace(tr *translator, c call) bool {
	switch len(c.args) {
	case 2:
		tr.emitTemplate(c, "regexp_replace($1, $2, '', 'g')")
	case 3:
		if tr.rangeHas(c.args[2], "->") {
			tr.fail("regexp_replace with a lambda is not supported: use regexp_extract_all and list_transform")
			return true
		}
		if t, ok := tr.onlyToken(c.args[2]); ok {
			if s, ok := t.StringValue(); ok {
				tr.emitTemplate(c, "regexp_replace($1, $2, "+sqltext.QuoteString(javaReplacementToRE2(s))+", 'g')")
				return true
			}
		}
		tr.emitTemplate(c, "regexp_replace($1, $2, $3, 'g')")
	default:
		return false
	}
	return true
}

// javaReplacementToRE2 converts a java.util.regex replacement ($1, \$)
// into RE2's (\1, plain $).
func javaReplacementToRE2(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			if s[i] == '\\' {
				b.WriteString(`\\`)
			} else {
				b.WriteByte(s[i])
			}
		case s[i] == '$' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			b.WriteByte('\\')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// jsonBracketKey is a JSONPath member in Trino's bracket form, ["key"];
// DuckDB spells it ."key".
var jsonBracketKey = regexp.MustCompile(`\[\s*"((?:[^"\\]|\\.)*)"\s*\]`)

// jsonPathCall rewrites the bracket members of a literal JSONPath.
func jsonPathCall(to string) trinoCall {
	return func(tr *translator, c call) bool {
		if len(c.args) != 2 {
			return false
		}
		path := "$2"
		if t, ok := tr.onlyToken(c.args[1]); ok {
			if s, ok := t.StringValue(); ok {
				path = sqltext.QuoteString(jsonBracketKey.ReplaceAllString(s, `."$1"`))
			}
		}
		tr.emitTemplate(c, to+"($1, "+path+")")
		return true
	}
}

// cardinality is len() for arrays; a MAP column of the views keeps DuckDB's
// cardinality.
func cardinality(tr *translator, c call) bool {
	if len(c.args) != 1 {
		return false
	}
	if tr.mapColumns[tr.pathLeaf(c.args[0])] {
		return false
	}
	tr.emitTemplate(c, "len($1)")
	return true
}

// pathLeaf returns the last name of an a.b.c path, or "".
func (tr *translator) pathLeaf(r [2]int) string {
	leaf := ""
	wantName := true
	for i := r[0]; i < r[1]; i++ {
		t := tr.toks[i]
		switch {
		case !t.Significant():
		case wantName && (t.Kind == sqltext.Ident || t.Kind == sqltext.QuotedIdent):
			leaf, wantName = t.IdentName(), false
		case !wantName && t.Is("."):
			wantName = true
		default:
			return ""
		}
	}
	return leaf
}

func (tr *translator) rangeHas(r [2]int, s string) bool {
	for i := r[0]; i < r[1]; i++ {
		if tr.toks[i].Is(s) || tr.toks[i].IsWord(s) {
			return true
		}
	}
	return false
}

// cidrLiteral looks like a network in CIDR notation.
var cidrLiteral = regexp.MustCompile(`^[0-9A-Fa-f:.]+/[0-9]{1,3}$`)

// containsCall turns Trino's contains(network, address) into CIDR
// containment when either side shows it is about IP addresses: a CIDR
// literal network, or an IPADDRESS cast or literal. Anything else is
// array (or string) contains, which DuckDB shares.
func containsCall(tr *translator, c call) bool {
	if len(c.args) != 2 {
		return false
	}
	network, ok := tr.onlyToken(c.args[0])
	s, isString := network.StringValue()
	if !(ok && isString && cidrLiteral.MatchString(s)) && !tr.rangeHas(c.args[1], "ipaddress") {
		return false
	}
	tr.emitTemplate(c, "lh_cidr_contains($1, $2)")
	return true
}

// dateFormatCall translates MySQL date specifiers of a literal format.
func dateFormatCall(name, to string, parse bool) trinoCall {
	return func(tr *translator, c call) bool {
		if len(c.args) != 2 {
			return false
		}
		t, ok := tr.onlyToken(c.args[1])
		format, isString := t.StringValue()
		if !ok || !isString {
			tr.fail("%s needs a literal format string, got %s: lakehunt translates its MySQL specifiers before the query runs", name, tr.rangeText(c.args[1]))
			return true
		}
		converted, err := mysqlToStrftime(format, parse)
		if err != nil {
			tr.fail("%s(..., %s): %v", name, t.Text, err)
			return true
		}
		tr.emitTemplate(c, to+"($1, "+sqltext.QuoteString(converted)+")")
		return true
	}
}

// castCall translates the Trino type of CAST(x AS type).
func castCall(tr *translator, c call) bool {
	if len(c.args) != 1 {
		return false
	}
	as := -1
	for i := c.args[0][0]; i < c.args[0][1]; i++ {
		if m := tr.match[i]; m > i {
			i = m
			continue
		}
		if tr.toks[i].IsWord("as") {
			as = i
		}
	}
	if as < 0 {
		return false
	}
	for i := c.at; i <= c.open; i++ {
		tr.copyTok(i)
	}
	tr.emitRange(c.args[0][0], as)
	tr.copyTok(as)
	tr.emitType(as+1, c.close)
	tr.copyTok(c.close)
	return true
}

// emitType rewrites Trino type names DuckDB spells differently:
// ARRAY(T) is T[], ROW(a T) is STRUCT(a T), TIMESTAMP(p) WITH TIME ZONE is
// TIMESTAMPTZ.
func (tr *translator) emitType(lo, hi int) {
	for i := lo; i < hi && tr.err == nil; i++ {
		t := tr.toks[i]
		open := tr.next(i, hi)
		hasParens := open < hi && tr.toks[open].Is("(") && tr.match[open] > 0 && tr.match[open] < hi
		switch {
		case t.IsWord("array") && hasParens:
			tr.emitType(open+1, tr.match[open])
			tr.synth("[]", i)
			i = tr.match[open]
		case t.IsWord("row") && hasParens:
			tr.synth("STRUCT(", i)
			tr.emitType(open+1, tr.match[open])
			tr.copyTok(tr.match[open])
			i = tr.match[open]
		case (t.IsWord("timestamp") || t.IsWord("time")) && hasParens:
			end := tr.match[open]
			name := strings.ToUpper(t.Text)
			w1 := tr.next(end, hi)
			w2 := tr.next(w1, hi)
			w3 := tr.next(w2, hi)
			if w3 < hi && tr.toks[w1].IsWord("with") && tr.toks[w2].IsWord("time") && tr.toks[w3].IsWord("zone") {
				name += "TZ"
				end = w3
			}
			tr.synth(name, i)
			i = end
		default:
			tr.copyTok(i)
		}
	}
}

// athenaSyntax handles Trino syntax that is not a function call.
func (tr *translator) athenaSyntax(i, hi int) (int, bool) {
	t := tr.toks[i]
	switch {
	case t.IsWord("interval"):
		return tr.intervalLiteral(i, hi)
	case t.IsWord("timestamp"):
		lit := tr.next(i, hi)
		if lit < hi {
			if s, ok := tr.toks[lit].StringValue(); ok && timestampWithZone.MatchString(s) {
				// DuckDB reads "+01:00" as an offset only when no space precedes it.
				s = offsetAfterSpace.ReplaceAllString(s, "$1")
				tr.synth("TIMESTAMPTZ "+sqltext.QuoteString(s), i)
				return lit + 1, true
			}
		}
	case t.IsWord("unnest"):
		return tr.unnestRows(i, hi)
	}
	return 0, false
}

// timestampWithZone is a TIMESTAMP literal that names a zone, which Trino
// types TIMESTAMP WITH TIME ZONE.
var (
	timestampWithZone = regexp.MustCompile(`^\s*\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([A-Za-z][A-Za-z0-9_/+-]*|[+-]\d{1,2}(:?\d{2})?)\s*$`)
	offsetAfterSpace  = regexp.MustCompile(`\s+([+-]\d{1,2}(:?\d{2})?)\s*$`)
)

var (
	yearToMonth = regexp.MustCompile(`^\s*([+-]?)(\d+)-(\d+)\s*$`)
	dayToSecond = regexp.MustCompile(`^\s*([+-]?)(\d+) (\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?)\s*$`)
)

// intervalLiteral turns Trino's INTERVAL 'Y-M' YEAR TO MONTH and
// INTERVAL 'D HH:MM:SS' DAY TO SECOND into DuckDB interval strings; the
// single-unit forms (INTERVAL '7' DAY) are DuckDB syntax already.
func (tr *translator) intervalLiteral(i, hi int) (int, bool) {
	lit := tr.next(i, hi)
	from := tr.next(lit, hi)
	to := tr.next(from, hi)
	unit := tr.next(to, hi)
	if unit >= hi || !tr.toks[to].IsWord("to") {
		return 0, false
	}
	s, ok := tr.toks[lit].StringValue()
	if !ok {
		return 0, false
	}
	span := strings.ToLower(tr.toks[from].Text + " to " + tr.toks[unit].Text)
	var duck string
	switch span {
	case "year to month":
		if m := yearToMonth.FindStringSubmatch(s); m != nil {
			duck = m[1] + m[2] + " years " + m[1] + m[3] + " months"
		}
	case "day to second":
		if m := dayToSecond.FindStringSubmatch(s); m != nil {
			duck = m[1] + m[2] + " days " + m[1] + m[3]
		}
	default:
		tr.fail("INTERVAL ... %s is not supported: write INTERVAL 'n' DAY, HOUR, MINUTE or SECOND, added together", strings.ToUpper(span))
		return unit + 1, true
	}
	if duck == "" {
		tr.fail("cannot read INTERVAL %s %s: Trino writes it %s", tr.toks[lit].Text, strings.ToUpper(span),
			map[string]string{"year to month": "'1-6' (years-months)", "day to second": "'2 03:04:05' (days hours:minutes:seconds)"}[span])
		return unit + 1, true
	}
	tr.synth("INTERVAL "+sqltext.QuoteString(duck), i)
	return unit + 1, true
}

// unnestRows expands the fields of an array of rows into columns, as
// Trino's UNNEST(rows) AS t(a, b, c) does; DuckDB's UNNEST in FROM keeps
// one struct column, which the single-alias form UNNEST(x) AS t(y) expects.
func (tr *translator) unnestRows(i, hi int) (int, bool) {
	c, ok := tr.callAt(i, hi)
	if !ok || len(c.args) != 1 {
		return 0, false
	}
	alias := tr.next(c.close, hi)
	if alias < hi && tr.toks[alias].IsWord("as") {
		alias = tr.next(alias, hi)
	}
	open := tr.next(alias, hi)
	if open >= hi || tr.toks[alias].Kind != sqltext.Ident && tr.toks[alias].Kind != sqltext.QuotedIdent ||
		!tr.toks[open].Is("(") || tr.match[open] < 0 {
		return 0, false
	}
	if len(tr.splitArgs(open+1, tr.match[open])) < 2 {
		return 0, false
	}
	tr.emitTemplate(c, "LATERAL (SELECT UNNEST($1, max_depth := 2))")
	return c.close + 1, true
}
