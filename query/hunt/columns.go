package hunt

import (
	"regexp"
	"slices"
	"strings"
)

// ColumnsNarrowed tells, for each of columns that the hunts hs read in
// part or not at all, what an engine's copy must keep of it for them
// (engine.Options.CacheNarrow): nothing (nil) for a column no hunt names,
// the keys of a map column that every hunt naming it subscripts with a
// literal key (col['key']). A column read any other way is not in the
// result: a copy keeps it whole. A name counts wherever it stands as a
// word, case aside, comments and strings included, so that a hunt that
// might read a column keeps it; a hunt reads a column it does not name
// only through a whole row (to_json(t), a row cast to text), which no hunt
// of the pack does.
func ColumnsNarrowed(hs []*Hunt, columns []string) map[string][]string {
	narrowed := map[string][]string{}
	for _, c := range columns {
		named := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(c) + `\b`)
		subscript := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(c) + `\s*\[\s*'((?:[^']|'')*)'\s*\]`)
		keys, whole := []string(nil), false
		for _, h := range hs {
			uses := subscript.FindAllStringSubmatch(h.SQL, -1)
			if len(uses) != len(named.FindAllStringIndex(h.SQL, -1)) {
				whole = true
				break
			}
			for _, u := range uses {
				keys = append(keys, strings.ReplaceAll(u[1], "''", "'"))
			}
		}
		if !whole {
			slices.Sort(keys)
			narrowed[c] = slices.Compact(keys)
		}
	}
	return narrowed
}
