package hunt

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// sigmaRule is the part of a SigmaHQ rule that conversion reads.
type sigmaRule struct {
	Title       string         `yaml:"title"`
	ID          string         `yaml:"id"`
	Description string         `yaml:"description"`
	Level       string         `yaml:"level"`
	Tags        []string       `yaml:"tags"`
	LogSource   map[string]any `yaml:"logsource"`
	Detection   map[string]any `yaml:"detection"`
}

// SigmaRefusal is a rule that cannot become a hunt, with the reason.
type SigmaRefusal struct {
	Rule   string
	Reason error
}

func (r *SigmaRefusal) Error() string { return fmt.Sprintf("%s: cannot convert: %v", r.Rule, r.Reason) }

func (r *SigmaRefusal) Unwrap() error { return r.Reason }

var attackTactics = map[string]string{
	"reconnaissance": "TA0043", "resource_development": "TA0042", "initial_access": "TA0001", "execution": "TA0002",
	"persistence": "TA0003", "privilege_escalation": "TA0004", "defense_evasion": "TA0005", "credential_access": "TA0006",
	"discovery": "TA0007", "lateral_movement": "TA0008", "collection": "TA0009", "exfiltration": "TA0010",
	"command_and_control": "TA0011", "impact": "TA0040",
}

var sigmaLevels = map[string]Severity{
	"informational": SeverityInfo, "low": SeverityLow, "medium": SeverityMedium, "high": SeverityHigh, "critical": SeverityCritical,
}

var nonIDChars = regexp.MustCompile(`[^a-z0-9]+`)

// ConvertSigma turns one SigmaHQ-format CloudTrail rule into a hunt file.
// name is the rule's file name: the hunt id is sigma_<stem> and the stem is
// the catalogue row the hunt covers (SigmaHQ rules are catalogued by file
// name). Rules using what cannot be converted are refused with the reason
// as a *SigmaRefusal.
func ConvertSigma(name string, data []byte) ([]byte, error) {
	stem := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	refuse := func(format string, args ...any) ([]byte, error) {
		return nil, &SigmaRefusal{Rule: name, Reason: fmt.Errorf(format, args...)}
	}
	var r sigmaRule
	if err := yaml.Unmarshal(data, &r); err != nil {
		return refuse("not a YAML Sigma rule: %v", err)
	}
	if r.Title == "" || r.Detection == nil {
		return refuse("no title or detection")
	}
	product, _ := r.LogSource["product"].(string)
	service, _ := r.LogSource["service"].(string)
	if !strings.EqualFold(product, "aws") || !strings.EqualFold(service, "cloudtrail") {
		return refuse("logsource %s/%s is not aws/cloudtrail", product, service)
	}
	severity, ok := sigmaLevels[strings.ToLower(r.Level)]
	if !ok {
		return refuse("level %q is not informational, low, medium, high or critical", r.Level)
	}
	var tactics, techniques []string
	for _, tag := range r.Tags {
		t, ok := strings.CutPrefix(strings.ToLower(tag), "attack.")
		switch {
		case !ok:
		case attackTactics[t] != "":
			tactics = append(tactics, attackTactics[t])
		case techniquePattern.MatchString(strings.ToUpper(t)):
			techniques = append(techniques, strings.ToUpper(t))
		case tacticPattern.MatchString(strings.ToUpper(t)):
			tactics = append(tactics, strings.ToUpper(t))
		}
	}
	if len(tactics) == 0 || len(techniques) == 0 {
		return refuse("a hunt needs ATT&CK tactic and technique tags (attack.defense_evasion, attack.t1562.008)")
	}

	selections := map[string]string{}
	for key, value := range r.Detection {
		if key == "condition" || key == "timeframe" {
			continue
		}
		pred, err := sigmaSelection(value)
		if err != nil {
			return refuse("selection %s: %v", key, err)
		}
		selections[key] = pred
	}
	var conditions []string
	switch c := r.Detection["condition"].(type) {
	case string:
		conditions = []string{c}
	case []any:
		for _, item := range c {
			s, ok := item.(string)
			if !ok {
				return refuse("condition list holds %T", item)
			}
			conditions = append(conditions, s)
		}
	default:
		return refuse("no condition")
	}
	var wheres []string
	var agg *sigmaAggregation
	for _, c := range conditions {
		where, a, err := parseCondition(c, selections)
		if err != nil {
			return refuse("%v", err)
		}
		if a != nil && (agg != nil || len(conditions) > 1) {
			return refuse("an aggregation must be the rule's only condition")
		}
		agg = a
		wheres = append(wheres, where)
	}
	var timeframe time.Duration
	if tf, ok := r.Detection["timeframe"].(string); ok {
		d, err := parseDuration(tf)
		if err != nil || d <= 0 {
			return refuse("timeframe %q is not a duration", tf)
		}
		timeframe = d
	}

	id := "sigma_" + strings.Trim(nonIDChars.ReplaceAllString(strings.ToLower(stem), "_"), "_")
	description := strings.Join(strings.Fields(r.Description), " ")
	if description == "" {
		description = r.Title
	}
	description += " Converted from the Sigma rule " + filepath.Base(name)
	if r.ID != "" {
		description += " (" + r.ID + ")"
	}
	description += "."
	logic := LogicFilter
	if agg != nil {
		logic = LogicThreshold
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- id: %s\n-- title: %s\n-- description: %s\n-- severity: %s\n-- tactics: %s\n-- techniques: %s\n",
		id, oneLine(r.Title), oneLine(description), severity, strings.Join(dedupe(tactics), ", "), strings.Join(dedupe(techniques), ", "))
	fmt.Fprintf(&b, "-- source: cloudtrail\n-- logic: %s\n-- covers: %s\n-- tags: sigma, imported\n", logic,
		strings.Trim(nonIDChars.ReplaceAllString(strings.ToLower(stem), "_"), "_"))
	where := strings.Join(wheres, "\n   OR ")
	if agg == nil {
		fmt.Fprintf(&b, `SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    region,
    lh_actor(actor) AS actor,
    src_endpoint.ip AS src_ip,
    concat(%s, ': ', api.operation) AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND (%s)
GROUP BY ALL
ORDER BY first_time
`, sqltext.QuoteString(r.Title), where)
	} else {
		sql, err := sigmaAggregateSQL(r.Title, where, agg, timeframe)
		if err != nil {
			return refuse("%v", err)
		}
		b.WriteString(sql)
	}
	text := []byte(b.String())
	if _, err := Parse(id+".sql", text); err != nil {
		return nil, fmt.Errorf("%s: converted hunt does not parse: %w", name, err)
	}
	return text, nil
}

func sigmaAggregateSQL(title, where string, agg *sigmaAggregation, timeframe time.Duration) (string, error) {
	counted := "count(*)"
	if agg.Field != "" {
		col, err := sigmaColumn(agg.Field)
		if err != nil {
			return "", err
		}
		counted = "count(DISTINCT " + col + ")"
	}
	groups := []string{"accountid"}
	label := "''"
	if agg.GroupBy != "" {
		col, err := sigmaColumn(agg.GroupBy)
		if err != nil {
			return "", err
		}
		groups = append(groups, col)
		label = fmt.Sprintf("concat(' for %s ', %s)", strings.ReplaceAll(agg.GroupBy, "'", ""), col)
	}
	if timeframe > 0 {
		groups = append(groups, fmt.Sprintf("time_bucket(INTERVAL %d SECOND, time_dt)", int64(timeframe/time.Second)))
	}
	return fmt.Sprintf(`SELECT
    min(time_dt) AS first_time,
    max(time_dt) AS last_time,
    accountid AS account,
    min(region) AS region,
    min(lh_actor(actor)) AS actor,
    min(src_endpoint.ip) AS src_ip,
    concat(%s, %s, ': ', CAST(%s AS VARCHAR), ' (threshold %s %d)') AS summary,
    count(*) AS event_count,
    lh_evidence(metadata.uid, time_dt) AS evidence_uids,
    count(metadata.uid) AS evidence_total
FROM cloudtrail_all
WHERE time_dt >= $window_start AND time_dt < $window_end
  AND (%s)
GROUP BY %s
HAVING %s %s %d
ORDER BY first_time
`, sqltext.QuoteString(title), label, counted, agg.Op, agg.Threshold, where, strings.Join(groups, ", "), counted, agg.Op, agg.Threshold), nil
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
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
				return "", errors.New("keyword lists search the whole raw event, which the OCSF columns do not keep")
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
	}
	return "", fmt.Errorf("a selection is a map or a list of maps, not %T", v)
}

// sigmaField converts "field|modifier|..." with its value or values.
func sigmaField(key string, value any) (string, error) {
	parts := strings.Split(key, "|")
	col, err := sigmaColumn(parts[0])
	if err != nil {
		return "", err
	}
	var match string
	all := false
	for _, m := range parts[1:] {
		switch m {
		case "contains", "startswith", "endswith", "re":
			if match != "" {
				return "", fmt.Errorf("field %s: modifiers %s and %s together", parts[0], match, m)
			}
			match = m
		case "all":
			all = true
		case "exists":
			b, ok := value.(bool)
			if !ok {
				return "", fmt.Errorf("field %s: |exists takes true or false", parts[0])
			}
			if b {
				return col + " IS NOT NULL", nil
			}
			return col + " IS NULL", nil
		default:
			return "", fmt.Errorf("field %s: modifier |%s cannot be converted", parts[0], m)
		}
	}
	values, ok := value.([]any)
	if !ok {
		values = []any{value}
	}
	var preds []string
	for _, v := range values {
		p, err := sigmaValue(col, match, v)
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
	return "(" + strings.Join(preds, op) + ")", nil
}

// sigmaValue compares one value: case-insensitively, with Sigma's * and ?
// wildcards, as Sigma defines string matching; |re is a case-sensitive
// regular expression search.
func sigmaValue(col, match string, v any) (string, error) {
	var s string
	switch x := v.(type) {
	case nil:
		if match != "" {
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
	if match == "re" {
		if _, err := regexp.Compile(s); err != nil {
			return "", fmt.Errorf("regular expression %q: %v", s, err)
		}
		return fmt.Sprintf("regexp_matches(%s, %s)", col, sqltext.QuoteString(s)), nil
	}
	pattern, wild := sigmaLikePattern(s)
	switch match {
	case "contains":
		pattern, wild = "%"+pattern+"%", true
	case "startswith":
		pattern, wild = pattern+"%", true
	case "endswith":
		pattern, wild = "%"+pattern, true
	}
	if !wild {
		return fmt.Sprintf("lower(%s) = lower(%s)", col, sqltext.QuoteString(sigmaUnescape(s))), nil
	}
	return fmt.Sprintf(`lower(%s) LIKE lower(%s) ESCAPE '\'`, col, sqltext.QuoteString(pattern)), nil
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
