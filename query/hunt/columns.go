package hunt

import (
	"regexp"
	"slices"
)

// ColumnsUnread returns the columns that no hunt of hs names in its SQL,
// in their order: the columns an engine's copy may leave out for them
// (engine.Options.CacheLeaveOut). A name counts wherever it stands as a
// word, case aside, comments and strings included, so that a hunt that
// might read a column keeps it; a hunt reads a column it does not name
// only through a whole row (to_json(t), a row cast to text), which no hunt
// of the pack does.
func ColumnsUnread(hs []*Hunt, columns []string) []string {
	var unread []string
	for _, c := range columns {
		named := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(c) + `\b`)
		if !slices.ContainsFunc(hs, func(h *Hunt) bool { return named.MatchString(h.SQL) }) {
			unread = append(unread, c)
		}
	}
	return unread
}
