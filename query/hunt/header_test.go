package hunt

import (
	"strings"
	"testing"
	"time"
)

const validHunt = `-- id: test_hunt
-- title: A test hunt
-- description: Finds test events,
--   over two lines.
-- severity: high
-- tactics: TA0005, TA0003
-- techniques: T1562.008
-- source: cloudtrail
-- logic: threshold
-- covers: row_one, row_two
-- tags: Test, logging
-- baseline: 14d
-- param: threshold:int=10 | Minimum events.
-- param: pattern:string=(?i)admin|root | Names.
SELECT * FROM cloudtrail
WHERE time_dt >= $baseline_start AND time_dt >= $window_start AND time_dt < $window_end
  AND regexp_matches(actor.user.name, $pattern)
HAVING count(*) > $threshold
`

func TestParseReadsEveryField(t *testing.T) {
	h, err := Parse("test_hunt.sql", []byte(validHunt))
	if err != nil {
		t.Fatal(err)
	}
	f := func(field, got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %q, want %q", field, got, want)
		}
	}
	f("id", h.ID, "test_hunt")
	f("title", h.Title, "A test hunt")
	f("description", h.Description, "Finds test events, over two lines.")
	f("severity", h.Severity.String(), "high")
	f("tactics", strings.Join(h.Tactics, ","), "TA0005,TA0003")
	f("techniques", strings.Join(h.Techniques, ","), "T1562.008")
	f("source", string(h.Source), "cloudtrail")
	f("logic", string(h.Logic), "threshold")
	f("covers", strings.Join(h.Covers, ","), "row_one,row_two")
	f("tags", strings.Join(h.Tags, ","), "test,logging")
	f("baseline", h.Baseline.String(), (14 * 24 * time.Hour).String())
	f("params", h.Params[0].Name+"="+h.Params[0].Default+";"+h.Params[1].Name+"="+h.Params[1].Default, "threshold=10;pattern=(?i)admin|root")
	f("param doc", h.Params[1].Doc, "Names.")
	f("sql start", h.SQL[:22], "SELECT * FROM cloudtra")
	if !h.Stateful() {
		t.Error("a threshold hunt is stateful")
	}
}

func TestParseRefusesBadHeaders(t *testing.T) {
	f := func(name, text, wantErr string) {
		t.Helper()
		_, err := Parse("bad.sql", []byte(text))
		if err == nil {
			t.Errorf("%s: parsed, want an error containing %q", name, wantErr)
			return
		}
		if !strings.Contains(err.Error(), "bad.sql") || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: error %q lacks the file name or %q", name, err, wantErr)
		}
	}
	without := func(key string) string {
		var kept []string
		for _, line := range strings.Split(validHunt, "\n") {
			if !strings.HasPrefix(line, "-- "+key+":") {
				kept = append(kept, line)
			}
		}
		return strings.Join(kept, "\n")
	}
	replace := func(old, new string) string { return strings.Replace(validHunt, old, new, 1) }
	for _, key := range requiredKeys {
		f("without "+key, without(key), "missing required header field "+key)
	}
	f("bad severity", replace("severity: high", "severity: urgent"), `unknown severity "urgent"`)
	f("bad source", replace("source: cloudtrail", "source: guardduty"), `unknown source "guardduty"`)
	f("bad logic", replace("logic: threshold", "logic: magic"), `unknown logic "magic"`)
	f("bad tactic", replace("TA0005, TA0003", "TA5, TA0003"), `tactic "TA5" is malformed`)
	f("bad technique", replace("T1562.008", "T1562.8"), `technique "T1562.8" is malformed`)
	f("bad id", replace("id: test_hunt", "id: Test-Hunt"), `id "Test-Hunt" is not lower_snake_case`)
	f("unknown key", replace("-- tags:", "-- colour: red\n-- tags:"), "unknown header field colour")
	f("twice", replace("-- tags:", "-- title: again\n-- tags:"), "title given twice")
	f("bad stratus technique", replace("row_two", "stratus:cloudtrail-stop"), `catalogue id or Stratus technique "stratus:cloudtrail-stop" is malformed`)
	f("stray comment", replace("-- tags:", "-- just words\n-- tags:"), "neither")
	f("undeclared", replace("$threshold", "$limit"), "$limit is used but not declared")
	f("unused", replace("HAVING count(*) > $threshold", "HAVING count(*) > 10"), "param threshold is declared but not used")
	f("baseline unused", replace("time_dt >= $baseline_start AND ", ""), "a baseline is given but $baseline_start is not used")
	f("baseline missing", without("baseline"), "$baseline_start is used but no baseline is given")
	f("no window", replace("AND time_dt < $window_end", ""), "[$window_start, $window_end)")
	f("bad param type", replace("threshold:int=10", "threshold:number=10"), `unknown type "number"`)
	f("bad default", replace("threshold:int=10", "threshold:int=ten"), `bad default: "ten" is not an integer`)
	f("builtin param", replace("-- param: threshold:int=10 | Minimum events.", "-- param: window_start:int=1"), "built in")
	f("no sql", strings.SplitAfter(validHunt, "Names.\n")[0], "no SQL after the header")
	f("bare placeholder", replace("> $threshold", "> ?"), "bare ?")
	f("numbered placeholder", replace("> $threshold", "> $1"), "invalid parameter reference")
}

func TestParseAcceptsOwnHuntsWithoutCatalogueRows(t *testing.T) {
	h, err := Parse("own.sql", []byte(strings.Replace(validHunt, "covers: row_one, row_two", "covers: -", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Covers) != 0 {
		t.Errorf("covers = %v, want none", h.Covers)
	}
}

func TestParseSeparatesStratusTechniques(t *testing.T) {
	h, err := Parse("stratus.sql", []byte(strings.Replace(validHunt, "covers: row_one, row_two", "covers: row_one, stratus:aws.defense-evasion.cloudtrail-stop", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(h.Covers, ","); got != "row_one,stratus:aws.defense-evasion.cloudtrail-stop" {
		t.Errorf("covers = %s", got)
	}
	if got := strings.Join(h.StratusTechniques(), ","); got != "aws.defense-evasion.cloudtrail-stop" {
		t.Errorf("Stratus techniques = %s, want aws.defense-evasion.cloudtrail-stop", got)
	}
}
