package ocsf

import (
	"errors"
	"time"
)

// utcLayouts are the non-RFC 3339 forms seen in CloudTrail exports; they carry
// no zone and are UTC. The first also accepts any fraction after the seconds
// ("2025-01-21 17:49:47.000000000"). The basic ISO 8601 form appears in old
// sessionContext.attributes.creationDate values ("20131102T010628Z").
var utcLayouts = []string{"2006-01-02 15:04:05", "20060102T150405Z"}

var errEventTimeLayout = errors.New(`want RFC 3339 or UTC "2006-01-02 15:04:05[.fraction]"`)

// ParseEventTime parses a CloudTrail time: RFC 3339 with any fraction, or one
// of the zone-less UTC forms that some exports write. It does not judge
// whether the time is plausible; the lake does.
func ParseEventTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	for _, layout := range utcLayouts {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errEventTimeLayout
}

// IsCanonicalTime tells whether s, which parsed as t, is t's own rendering
// in the raw views (cloudtrail_logs): RFC 3339 in UTC to the second, as
// CloudTrail writes eventTime. Other spellings are kept in unmapped.
func IsCanonicalTime(s string, t time.Time) bool {
	return s == t.UTC().Format(time.RFC3339)
}
