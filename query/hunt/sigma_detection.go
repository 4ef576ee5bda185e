package hunt

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// sigmaDetection is a detection converted to SQL: the predicate over the
// cloudtrail view, and the obsolete "| count() ..." aggregation of its
// condition with its timeframe, if it has one.
type sigmaDetection struct {
	where     string
	agg       *sigmaAggregation
	timeframe time.Duration
}

// checkLogSource accepts AWS CloudTrail rules only.
func checkLogSource(logsource map[string]any) error {
	product, _ := logsource["product"].(string)
	service, _ := logsource["service"].(string)
	if !strings.EqualFold(product, "aws") || !strings.EqualFold(service, "cloudtrail") {
		return refusal(refusedLogSource, "logsource %s/%s is not aws/cloudtrail", product, service)
	}
	return nil
}

// convertDetection turns a detection section (selections, condition,
// timeframe) into SQL; filters are global filters' sections that the
// events must meet as well.
func convertDetection(det map[string]any, filters []*sigmaFilterDoc) (*sigmaDetection, error) {
	selections, err := sigmaSelections(det, "condition", "timeframe")
	if err != nil {
		return nil, err
	}
	conditions, err := sigmaConditions(det["condition"])
	if err != nil {
		return nil, err
	}
	d := &sigmaDetection{}
	var wheres []string
	for _, c := range conditions {
		where, a, err := parseCondition(c, selections)
		if err != nil {
			return nil, err
		}
		if a != nil && (d.agg != nil || len(conditions) > 1) {
			return nil, errors.New("an aggregation must be the rule's only condition")
		}
		d.agg = a
		wheres = append(wheres, where)
	}
	d.where = strings.Join(wheres, "\n   OR ")
	for _, f := range filters {
		pred, err := convertFilter(f)
		if err != nil {
			return nil, err
		}
		d.where = "(" + d.where + ")\n  AND " + pred
	}
	if tf, ok := det["timeframe"]; ok {
		s, _ := tf.(string)
		d.timeframe, err = parseDuration(s)
		if err != nil || d.timeframe <= 0 {
			return nil, fmt.Errorf("timeframe %v is not a duration", tf)
		}
	}
	return d, nil
}

// convertFilter is the predicate a global filter adds to the rules it
// names.
func convertFilter(f *sigmaFilterDoc) (string, error) {
	selections, err := sigmaSelections(f.Selections)
	if err != nil {
		return "", err
	}
	conditions, err := sigmaConditions(f.Condition)
	if err != nil {
		return "", err
	}
	var wheres []string
	for _, c := range conditions {
		where, a, err := parseCondition(c, selections)
		if err != nil {
			return "", err
		}
		if a != nil {
			return "", errors.New("a filter's condition cannot aggregate")
		}
		wheres = append(wheres, where)
	}
	return "(" + strings.Join(wheres, " OR ") + ")", nil
}

// sigmaSelections converts every named selection of a section but the
// keys given.
func sigmaSelections(section map[string]any, skip ...string) (map[string]string, error) {
	selections := map[string]string{}
	for name, value := range section {
		if slices.Contains(skip, name) {
			continue
		}
		pred, err := sigmaSelection(value)
		if err != nil {
			return nil, fmt.Errorf("selection %s: %w", name, err)
		}
		selections[name] = pred
	}
	return selections, nil
}

// sigmaConditions reads a condition: one string, or a list of strings any
// of which may match.
func sigmaConditions(c any) ([]string, error) {
	switch c := c.(type) {
	case string:
		return []string{c}, nil
	case []any:
		var out []string
		for _, item := range c {
			s, ok := item.(string)
			if !ok {
				return nil, fmt.Errorf("condition list holds %T", item)
			}
			out = append(out, s)
		}
		if len(out) > 0 {
			return out, nil
		}
	}
	return nil, errors.New("no condition")
}

// sigmaSelection converts a selection: a map of fields (all must match) or
// a list of such maps (any may match).
func sigmaSelection(v any) (string, error) {
	switch sel := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(sel))
		for k := range sel {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var parts []string
		for _, k := range keys {
			p, err := sigmaField(k, sel[k])
			if err != nil {
				return "", err
			}
			parts = append(parts, p)
		}
		if len(parts) == 0 {
			return "", errors.New("empty selection")
		}
		return "(" + strings.Join(parts, " AND ") + ")", nil
	case []any:
		var parts []string
		for _, item := range sel {
			m, ok := item.(map[string]any)
			if !ok {
				return "", refusal(refusedKeywords, "keyword lists search the whole raw event, which the OCSF columns do not keep")
			}
			p, err := sigmaSelection(m)
			if err != nil {
				return "", err
			}
			parts = append(parts, p)
		}
		if len(parts) == 0 {
			return "", errors.New("empty selection")
		}
		return "(" + strings.Join(parts, " OR ") + ")", nil
	case string, int, float64, bool:
		return "", refusal(refusedKeywords, "a keyword searches the whole raw event, which the OCSF columns do not keep")
	}
	return "", fmt.Errorf("a selection is a map or a list of maps, not %T", v)
}

// sigmaMatch is how a field's values compare, as its modifiers say.
type sigmaMatch struct {
	how      string // "" (equals, with wildcards), contains, startswith, endswith, re, cidr, gt/gte/lt/lte, a time part
	reFlags  string // i, m, s after re
	cased    bool
	fieldref bool
	// variants derive the strings searched for from a value: base64,
	// base64offset, windash.
	variants []func(string) []string
}

var numericOps = map[string]string{"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}

var timeParts = map[string]bool{"minute": true, "hour": true, "day": true, "week": true, "month": true, "year": true}

// sigmaField converts "field|modifier|..." with its value or values.
func sigmaField(key string, value any) (string, error) {
	parts := strings.Split(key, "|")
	if parts[0] == "" {
		return "", refusal(refusedKeywords, "a value without a field searches the whole raw event, which the OCSF columns do not keep")
	}
	if slices.Contains(parts[1:], "expand") {
		return "", refusal(refusedPlaceholder, "field %s: |expand placeholder %v needs a value list", parts[0], value)
	}
	col, err := sigmaColumn(parts[0])
	if err != nil {
		return "", err
	}
	var m sigmaMatch
	all, neq := false, false
	for _, mod := range parts[1:] {
		switch {
		case mod == "contains" || mod == "startswith" || mod == "endswith" || mod == "re" || mod == "cidr" ||
			numericOps[mod] != "" || timeParts[mod]:
			if m.how != "" {
				return "", fmt.Errorf("field %s: modifiers %s and %s together", parts[0], m.how, mod)
			}
			m.how = mod
		case mod == "i" || mod == "m" || mod == "s":
			if m.how != "re" {
				return "", fmt.Errorf("field %s: |%s qualifies |re", parts[0], mod)
			}
			m.reFlags += mod
		case mod == "all":
			all = true
		case mod == "cased":
			m.cased = true
		case mod == "neq":
			neq = true
		case mod == "fieldref":
			m.fieldref = true
		// Base64 text is case-sensitive: its encodings compare |cased.
		case mod == "base64":
			m.variants = append(m.variants, func(s string) []string { return []string{base64.StdEncoding.EncodeToString([]byte(s))} })
			m.cased = true
		case mod == "base64offset":
			m.variants = append(m.variants, base64Offsets)
			m.cased = true
		case mod == "windash":
			m.variants = append(m.variants, windashVariants)
		case mod == "exists":
			b, ok := value.(bool)
			if !ok {
				return "", fmt.Errorf("field %s: |exists takes true or false", parts[0])
			}
			if b {
				return col + " IS NOT NULL", nil
			}
			return col + " IS NULL", nil
		case mod == "utf16le" || mod == "utf16be" || mod == "utf16" || mod == "wide":
			return "", refusal(refusedModifier, "field %s: |%s encodes the value as UTF-16 bytes; CloudTrail fields are text", parts[0], mod)
		default:
			return "", fmt.Errorf("field %s: |%s is not a Sigma modifier", parts[0], mod)
		}
	}
	if m.fieldref && len(m.variants) > 0 || m.fieldref && m.how != "" && m.how != "contains" && m.how != "startswith" && m.how != "endswith" {
		return "", fmt.Errorf("field %s: |fieldref compares with another field, whole or by contains, startswith or endswith", parts[0])
	}
	values, ok := value.([]any)
	if !ok {
		values = []any{value}
	}
	var preds []string
	for _, v := range values {
		p, err := sigmaValue(col, m, v)
		if err != nil {
			return "", fmt.Errorf("field %s: %w", parts[0], err)
		}
		preds = append(preds, p)
	}
	if len(preds) == 0 {
		return "", fmt.Errorf("field %s has an empty list", parts[0])
	}
	op := " OR "
	if all {
		op = " AND "
	}
	pred := "(" + strings.Join(preds, op) + ")"
	if neq {
		// The field must be there and differ, as "field != value" in the
		// SIEMs Sigma targets.
		return "(" + col + " IS NOT NULL AND NOT coalesce(" + pred + ", false))", nil
	}
	return pred, nil
}

// sigmaValue compares one value: case-insensitively unless |cased, with
// Sigma's * and ? wildcards, as Sigma defines string matching; |re is a
// case-sensitive regular expression search unless |i.
func sigmaValue(col string, m sigmaMatch, v any) (string, error) {
	var s string
	switch x := v.(type) {
	case nil:
		if m.how != "" || m.fieldref || len(m.variants) > 0 {
			return "", errors.New("null with a modifier")
		}
		return col + " IS NULL", nil
	case string:
		s = x
	case bool:
		s = strconv.FormatBool(x)
	case int:
		s = strconv.Itoa(x)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return "", fmt.Errorf("value of type %T", v)
	}
	switch {
	case m.fieldref:
		return fieldRefValue(col, m, s)
	case m.how == "re":
		pattern := s
		if m.reFlags != "" {
			pattern = "(?" + m.reFlags + ")" + s
		}
		if _, err := regexp.Compile(pattern); err != nil {
			return "", fmt.Errorf("regular expression %q: %v", s, err)
		}
		return fmt.Sprintf("regexp_matches(%s, %s)", col, sqltext.QuoteString(pattern)), nil
	case m.how == "cidr":
		if _, err := netip.ParsePrefix(s); err != nil {
			return "", fmt.Errorf("|cidr: %v", err)
		}
		return fmt.Sprintf("lh_cidr_contains(%s, %s)", sqltext.QuoteString(s), col), nil
	case numericOps[m.how] != "":
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return "", fmt.Errorf("|%s takes a number, not %q", m.how, s)
		}
		return fmt.Sprintf("TRY_CAST(%s AS DOUBLE) %s %s", col, numericOps[m.how], strconv.FormatFloat(n, 'f', -1, 64)), nil
	case timeParts[m.how]:
		n, err := strconv.Atoi(s)
		if err != nil {
			return "", fmt.Errorf("|%s takes a whole number, not %q", m.how, s)
		}
		return fmt.Sprintf("date_part('%s', TRY_CAST(%s AS TIMESTAMPTZ)) = %d", m.how, col, n), nil
	}
	searched := []string{s}
	for _, derive := range m.variants {
		var next []string
		for _, v := range searched {
			next = append(next, derive(v)...)
		}
		searched = next
	}
	var preds []string
	for _, v := range searched {
		preds = append(preds, stringMatch(col, m, v))
	}
	if len(preds) == 1 {
		return preds[0], nil
	}
	return "(" + strings.Join(preds, " OR ") + ")", nil
}

// stringMatch compares col with one Sigma string value.
func stringMatch(col string, m sigmaMatch, s string) string {
	pattern, wild := sigmaLikePattern(s)
	switch m.how {
	case "contains":
		pattern, wild = "%"+pattern+"%", true
	case "startswith":
		pattern, wild = pattern+"%", true
	case "endswith":
		pattern, wild = "%"+pattern, true
	}
	switch {
	case !wild && m.cased:
		return fmt.Sprintf("%s = %s", col, sqltext.QuoteString(sigmaUnescape(s)))
	case !wild:
		return fmt.Sprintf("lower(%s) = lower(%s)", col, sqltext.QuoteString(sigmaUnescape(s)))
	case m.cased:
		return fmt.Sprintf(`%s LIKE %s ESCAPE '\'`, col, sqltext.QuoteString(pattern))
	}
	return fmt.Sprintf(`lower(%s) LIKE lower(%s) ESCAPE '\'`, col, sqltext.QuoteString(pattern))
}

// fieldRefValue compares col with the field named by the value.
func fieldRefValue(col string, m sigmaMatch, field string) (string, error) {
	other, err := sigmaColumn(field)
	if err != nil {
		return "", err
	}
	if !m.cased {
		col, other = "lower("+col+")", "lower("+other+")"
	}
	switch m.how {
	case "contains":
		return fmt.Sprintf("contains(%s, %s)", col, other), nil
	case "startswith":
		return fmt.Sprintf("starts_with(%s, %s)", col, other), nil
	case "endswith":
		return fmt.Sprintf("ends_with(%s, %s)", col, other), nil
	}
	return fmt.Sprintf("%s = %s", col, other), nil
}

// base64Offsets are the three base64 forms of s as it may appear inside a
// longer encoded text, starting at each offset modulo 3: the characters
// that depend on the unknown neighbours are cut off.
func base64Offsets(s string) []string {
	var out []string
	for i := 0; i < 3; i++ {
		enc := base64.StdEncoding.EncodeToString(append(make([]byte, i), s...))
		start := [3]int{0, 2, 3}[i]
		end := len(enc) - [3]int{0, 3, 2}[(i+len(s))%3]
		out = append(out, enc[start:end])
	}
	return out
}

// windashVariants are s with each dash-like character (-, /, en dash, em
// dash, horizontal bar) replaced by each of them in turn.
func windashVariants(s string) []string {
	dashes := []string{"-", "/", "\u2013", "\u2014", "\u2015"}
	out := []string{""}
	for _, r := range s {
		alts := []string{string(r)}
		if slices.Contains(dashes, string(r)) {
			alts = dashes
		}
		var next []string
		for _, prefix := range out {
			for _, a := range alts {
				next = append(next, prefix+a)
			}
		}
		out = next
	}
	return out
}

// sigmaLikePattern turns Sigma wildcards (* and ?, \ escapes them) into a
// LIKE pattern, escaping LIKE's own % and _, and tells whether it holds a
// wildcard.
func sigmaLikePattern(s string) (string, bool) {
	var b strings.Builder
	wild := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte(`*?\`, s[i+1]) >= 0:
			i++
			if s[i] == '\\' {
				b.WriteString(`\\`)
			} else {
				b.WriteByte(s[i])
			}
		case c == '*':
			b.WriteByte('%')
			wild = true
		case c == '?':
			b.WriteByte('_')
			wild = true
		case c == '%' || c == '_' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), wild
}

// sigmaUnescape drops the backslashes that protect literal * ? and \.
func sigmaUnescape(s string) string {
	return strings.NewReplacer(`\*`, "*", `\?`, "?", `\\`, `\`).Replace(s)
}
