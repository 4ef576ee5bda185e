package hunt

import (
	"errors"
	"fmt"
)

// The reasons a Sigma rule is refused, each one line a Sigma user can
// act on; an import counts its refusals by them.
const (
	refusedNotARule    = "not a Sigma rule (no title, or neither detection nor correlation)"
	refusedInvalid     = "the rule breaks the Sigma specification"
	refusedLogSource   = "log source is not AWS CloudTrail (product: aws, service: cloudtrail)"
	refusedKeywords    = "keyword search needs the raw event text, which the OCSF lake does not keep"
	refusedField       = "a field has no column in the OCSF cloudtrail view"
	refusedModifier    = "a value modifier means nothing for CloudTrail's text fields (utf16, wide)"
	refusedPlaceholder = "placeholders (|expand) need value lists from your environment"
	refusedNear        = "'near' is obsolete Sigma; a temporal correlation rule says the same"
	refusedAggregation = "only count() aggregations can be converted"
	refusedCorrelation = "the correlation type cannot be converted"
	refusedReference   = "a correlation or filter names a rule that is not among the files read"
	refusedMember      = "a correlation refers to a rule that cannot be converted"
	refusedOrphan      = "used only by a correlation that cannot be converted, or a filter of refused rules"
)

// SigmaRefusal is a Sigma rule that cannot become a hunt. Kind is the
// reason in general, the same for every rule refused for it; Reason is
// this rule's particular.
type SigmaRefusal struct {
	File   string // the file the rule was read from
	Rule   string // its title, or its place in the file when it has none
	Kind   string
	Reason error
}

func (r *SigmaRefusal) Error() string {
	return fmt.Sprintf("%s (%s): cannot convert: %v", r.File, r.Rule, r.Reason)
}

func (r *SigmaRefusal) Unwrap() error { return r.Reason }

// sigmaError carries the kind of refusal from where it is found up
// through the wrapping that names the selection or field.
type sigmaError struct {
	kind string
	err  error
}

func (e *sigmaError) Error() string { return e.err.Error() }

func (e *sigmaError) Unwrap() error { return e.err }

func refusal(kind, format string, args ...any) error {
	return &sigmaError{kind: kind, err: fmt.Errorf(format, args...)}
}

// refusalKind is the kind an error was raised with; any other error means
// the rule itself is malformed.
func refusalKind(err error) string {
	var e *sigmaError
	if errors.As(err, &e) {
		return e.kind
	}
	return refusedInvalid
}
