package investigate

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// referenceValues are plain values of each form: a statement's SQL must
// not change when another value of the same form replaces them.
var referenceValues = map[Form]struct {
	kind  Kind
	value string
}{
	FormIP:          {KindIP, "192.0.2.1"},
	FormARN:         {KindPrincipal, "arn:aws:iam::111122223333:user/reference"},
	FormRoleSession: {KindPrincipal, "role/session"},
	FormName:        {KindPrincipal, "reference"},
	FormAccessKey:   {KindAccessKey, "AKIAREFERENCE"},
	FormInstanceID:  {KindInstance, "i-0123"},
	FormENI:         {KindInstance, "eni-0123"},
	FormAccount:     {KindAccount, "111122223333"},
}

// checkBinding asserts that the entity's value reaches the statements only
// as a bound argument, and as a well-quoted literal in --show-sql.
func checkBinding(t *testing.T, e Entity) {
	t.Helper()
	ref := referenceValues[e.Form]
	refEntity, err := NewEntity(ref.kind, ref.value)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Entity: e, Scope: incidentScope, Baseline: incidentBaseline}
	refOpt := Options{Entity: refEntity, Scope: incidentScope, Baseline: incidentBaseline}
	got, want := append(Statements(opt), RawEventsStatement(opt)), append(Statements(refOpt), RawEventsStatement(refOpt))
	if len(got) != len(want) {
		t.Fatalf("%d statements for %q, %d for %q", len(got), e.Value, len(want), ref.value)
	}
	for i, st := range got {
		text, args, err := st.Bind()
		if err != nil {
			t.Fatal(err)
		}
		refText, _, err := want[i].Bind()
		if err != nil {
			t.Fatal(err)
		}
		if text != refText {
			t.Fatalf("panel %s: the SQL text depends on the value %q", st.Panel, e.Value)
		}
		if !slices.Contains(args, any(e.Value)) {
			t.Fatalf("panel %s: the value %q is not among the bound arguments", st.Panel, e.Value)
		}
		literal, err := st.Literal()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(literal, sqltext.QuotePrintable(e.Value)) {
			t.Fatalf("panel %s: the literal SQL lacks %s", st.Panel, sqltext.QuotePrintable(e.Value))
		}
		for _, p := range st.ParamValues() {
			if strings.ContainsAny(p, "\n\r") {
				t.Fatalf("panel %s: parameter comment %q spans lines", st.Panel, p)
			}
		}
	}
}

func TestBindKeepsValuesOutOfSQL(t *testing.T) {
	f := func(kind Kind, value string) {
		t.Helper()
		e, err := NewEntity(kind, value)
		if err != nil {
			t.Fatal(err)
		}
		checkBinding(t, e)
	}
	f(KindPrincipal, `o'brien' OR '1'='1`)
	f(KindPrincipal, "$entity -- */ ;DROP TABLE cloudtrail")
	f(KindPrincipal, "evil\n-- comment\x1b[31m")
	f(KindAccessKey, `AKIA'||(SELECT 1)||'`)
	f(KindAccount, "$start")
	f(KindInstance, "i-'; --")
	f(KindPrincipal, "arn:aws:iam::1:role/x' OR 1=1 --")
	f(KindPrincipal, "role'/sess\"ion")
	f(KindIP, "::ffff:192.0.2.7")
}

func FuzzStatementBinding(f *testing.F) {
	f.Add(uint8(1), "alice")
	f.Add(uint8(1), "a'b/c")
	f.Add(uint8(0), "2001:db8::1")
	f.Add(uint8(3), "eni-'--")
	f.Add(uint8(4), "$end")
	f.Fuzz(func(t *testing.T, kind uint8, value string) {
		e, err := NewEntity(Kinds[int(kind)%len(Kinds)], value)
		if err != nil {
			return
		}
		checkBinding(t, e)
	})
}

// TestLiteralRunsLikeBound runs each statement twice over the incident and
// the session chain: bound, as an investigation runs it, and as the
// literal SQL --show-sql prints, through the Athena dialect that lakehunt
// query reads by default. Both must give the same rows.
func TestLiteralRunsLikeBound(t *testing.T) {
	ctx := context.Background()
	type entity struct {
		kind  Kind
		value string
	}
	check := func(lake string, scope Window, entities ...entity) {
		t.Helper()
		window := engine.Options{Lake: lake, From: scope.Start.Add(-incidentBaseline), To: scope.End, Now: incidentNow, Threads: 2}
		bound, athena := window, window
		bound.Dialect, athena.Dialect = engine.DialectDuckDB, engine.DialectAthena
		boundEngine, err := engine.Open(ctx, bound)
		if err != nil {
			t.Fatal(err)
		}
		defer boundEngine.Close()
		athenaEngine, err := engine.Open(ctx, athena)
		if err != nil {
			t.Fatal(err)
		}
		defer athenaEngine.Close()
		for _, en := range entities {
			e, err := NewEntity(en.kind, en.value)
			if err != nil {
				t.Fatal(err)
			}
			opt := Options{Entity: e, Scope: scope, Baseline: incidentBaseline}
			nonEmpty := 0
			for _, st := range append(Statements(opt), RawEventsStatement(opt)) {
				text, args, err := st.Bind()
				if err != nil {
					t.Fatal(err)
				}
				want := queryRows(t, boundEngine, st.Panel, text, args...)
				literal, err := st.Literal()
				if err != nil {
					t.Fatal(err)
				}
				got := queryRows(t, athenaEngine, st.Panel, literal)
				if !slices.Equal(got, want) {
					t.Errorf("%s %s, panel %s: literal SQL gives\n%q\nbound SQL gives\n%q", en.kind, en.value, st.Panel, got, want)
				}
				if len(want) > 0 {
					nonEmpty++
				}
			}
			if nonEmpty < 3 && !strings.Contains(en.value, "'") {
				t.Errorf("%s %s: only %d panels returned rows; the comparison proves little", en.kind, en.value, nonEmpty)
			}
		}
	}
	check(incidentLake(t), incidentScope,
		entity{KindIP, "203.0.113.50"},
		entity{KindPrincipal, "alice"},
		entity{KindPrincipal, "ops-admin/pivot"},
		entity{KindInstance, "eni-0aaaabbbbcccc0001"},
		entity{KindAccount, "111122223333"},
		entity{KindPrincipal, "o'brien\n--"})
	check(chainData.path(t), chainScope,
		entity{KindPrincipal, "carol"},
		entity{KindPrincipal, carolARN},
		entity{KindAccessKey, "ASIATESTREADER000001"})
}

// queryRows runs a statement and renders its rows as text.
func queryRows(t *testing.T, e *engine.Engine, panel, text string, args ...any) []string {
	t.Helper()
	rows, err := e.Query(context.Background(), text, args...)
	if err != nil {
		t.Fatalf("panel %s: %v", panel, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		out = append(out, fmt.Sprint(rows.Values()...))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("panel %s: %v", panel, err)
	}
	return out
}

// TestStatementUnknownParameter: a $name without a value is an error, not
// text passed to DuckDB.
func TestStatementUnknownParameter(t *testing.T) {
	st := Statement{Panel: "test", Text: "SELECT $entity, '$not_a_param', $missing -- $ignored", params: map[string]sqltext.Value{"entity": sqltext.Text("x")}}
	if _, _, err := st.Bind(); err == nil || !strings.Contains(err.Error(), "$missing") {
		t.Errorf("Bind: %v, want an error naming $missing", err)
	}
	st.Text = "SELECT $entity, '$not_a_param' /* $ignored */ -- $ignored"
	text, args, err := st.Bind()
	if err != nil {
		t.Fatal(err)
	}
	if text != "SELECT CAST(? AS VARCHAR), '$not_a_param' /* $ignored */ -- $ignored" || !slices.Equal(args, []any{"x"}) {
		t.Errorf("Bind = %q %v", text, args)
	}
}
