package engine

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// TestIssuingCallsFromTheirCopies: the sessions are the same whether
// issuing_calls reads the copies of the issuing calls written beside the
// data files, some copies and some files, or the files alone (a lake
// written before the copies, or pulled).
func TestIssuingCallsFromTheirCopies(t *testing.T) {
	e := ingestTrail(t, filepath.Join("testdata", "sessions", "chain.json"))
	root := e.opt.Lake
	const sessions = `SELECT * EXCLUDE (chain), list_transform(chain, l -> l.issuing_event_uid) FROM sessions ORDER BY ALL`
	want := queryStrings(t, e, sessions)
	count := func(e *Engine, view string) string { return queryStrings(t, e, "SELECT count(*) FROM "+view)[0] }
	if len(want) == 0 || count(e, "cloudtrail_issuing") == count(e, "cloudtrail") {
		t.Fatalf("%d sessions; %s rows read for %s calls: the copies were not read", len(want), count(e, "cloudtrail_issuing"), count(e, "cloudtrail"))
	}
	copies, err := filepath.Glob(filepath.Join(root, "_lakehunt", "issuing", "*", "*", "*", "*", "*", "*", "*.parquet"))
	if err != nil || len(copies) < 2 {
		t.Fatalf("copies of the issuing calls: %v (%v), want one per data file", copies, err)
	}
	slices.Sort(copies)
	f := func(removed string) {
		t.Helper()
		e := openSmallLake(t, Options{Lake: root, Dialect: DialectDuckDB})
		if got := queryStrings(t, e, sessions); !slices.Equal(got, want) {
			t.Errorf("with %s removed:\n%s\nwant\n%s", removed, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if err := os.Remove(copies[0]); err != nil {
		t.Fatal(err)
	}
	f("one copy")
	if err := os.RemoveAll(filepath.Join(root, "_lakehunt", "issuing")); err != nil {
		t.Fatal(err)
	}
	f("every copy")
}

// TestIssuingPathsAreTheEngines: the copies of the issuing calls keep of
// their request and response documents the paths issuing_calls reads of
// them (lake.IssuingRequestPaths, lake.IssuingResponsePaths), no fewer.
func TestIssuingPathsAreTheEngines(t *testing.T) {
	read := map[string][]string{}
	for _, m := range regexp.MustCompile(`json_extract_string\((request_data|response_data|api\.response\."data"), '\$\.([^']+)'\)`).FindAllStringSubmatch(issuingCalls, -1) {
		document := strings.TrimPrefix(strings.TrimSuffix(m[1], `."data"`), "api.")
		document = strings.TrimSuffix(document, "_data")
		read[document] = append(read[document], m[2])
	}
	f := func(document string, kept []string) {
		t.Helper()
		paths := slices.Compact(slices.Sorted(slices.Values(read[document])))
		if want := slices.Sorted(slices.Values(kept)); !slices.Equal(paths, want) {
			t.Errorf("issuing_calls reads %v of the %s, the copies keep %v", paths, document, want)
		}
	}
	f("request", lake.IssuingRequestPaths)
	f("response", lake.IssuingResponsePaths)
}
