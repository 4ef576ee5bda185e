package hunt

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// A hunt file starts with a header of "-- key: value" lines; a line of "--"
// followed by two or more spaces continues the previous value. The header
// ends at the first line that is not a comment, where the SQL begins.
//
//	-- id: cloudtrail_logging_stopped
//	-- title: CloudTrail logging stopped
//	-- description: Someone stopped a trail from recording,
//	--   blinding every later detection.
//	-- severity: high
//	-- tactics: TA0005
//	-- techniques: T1562.008
//	  (tactics and techniques may be "-" where ATT&CK names none)
//	-- source: cloudtrail
//	-- logic: filter
//	-- covers: tp_cloudtrail_trail_logging_stopped, aws_cloudtrail_disable_logging,
//	--   stratus:aws.defense-evasion.cloudtrail-stop
//	  (or "-" for a hunt no catalogue row describes)
//	-- tags: logging, tampering
//	-- param: threshold:int=10 | Minimum events.
//	-- baseline: 14d
//	SELECT ...

var (
	idPattern        = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)
	tacticPattern    = regexp.MustCompile(`^TA[0-9]{4}$`)
	techniquePattern = regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`)
	coverPattern     = regexp.MustCompile(`^(` + StratusPrefix + `aws\.[a-z\-]+\.[a-z0-9\-]+|[A-Za-z0-9_.\-]+)$`)
	tagPattern       = regexp.MustCompile(`^[a-z0-9][a-z0-9_\-]*$`)
	headerKeyPattern = regexp.MustCompile(`^-- ([a-z_]+):(.*)$`)
)

var requiredKeys = []string{"id", "title", "description", "severity", "tactics", "techniques", "source", "logic", "covers"}

// Parse reads a hunt file. origin names it in errors.
func Parse(origin string, text []byte) (*Hunt, error) {
	h := &Hunt{Origin: origin}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	seen := map[string]bool{}
	var lastKey string
	values := map[string]string{}
	var paramSpecs []string

	lines := strings.SplitAfter(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n")
	body := len(lines)
	for i, raw := range lines {
		line := strings.TrimRight(raw, " \t\n")
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "--") {
			body = i
			break
		}
		if m := headerKeyPattern.FindStringSubmatch(line); m != nil {
			key, value := m[1], strings.TrimSpace(m[2])
			lastKey = key
			if key == "param" {
				paramSpecs = append(paramSpecs, value)
				continue
			}
			if seen[key] {
				fail("line %d: %s given twice", i+1, key)
			}
			seen[key] = true
			values[key] = value
			continue
		}
		if rest, ok := strings.CutPrefix(line, "--  "); ok && lastKey != "" && lastKey != "param" {
			values[lastKey] = strings.TrimSpace(values[lastKey] + " " + strings.TrimSpace(rest))
			continue
		}
		if strings.TrimSpace(strings.TrimPrefix(line, "--")) == "" {
			continue
		}
		fail("line %d: header line %q is neither \"-- key: value\" nor a continuation (\"--\" and two spaces)", i+1, line)
	}
	h.SQL = strings.TrimSpace(strings.Join(lines[body:], ""))

	for _, k := range requiredKeys {
		if strings.TrimSpace(values[k]) == "" {
			fail("missing required header field %s", k)
		}
	}
	for k, v := range values {
		switch k {
		case "id":
			if !idPattern.MatchString(v) {
				fail("id %q is not lower_snake_case", v)
			}
			h.ID = v
		case "title":
			h.Title = v
		case "description":
			h.Description = v
		case "severity":
			s, err := ParseSeverity(v)
			if err != nil {
				fail("%v", err)
			}
			h.Severity = s
		// "-" marks a hunt ATT&CK does not name, as an imported Sigma rule
		// without ATT&CK tags.
		case "tactics":
			if v != "-" {
				h.Tactics = checkList(v, tacticPattern, "tactic", fail)
			}
		case "techniques":
			if v != "-" {
				h.Techniques = checkList(v, techniquePattern, "technique", fail)
			}
		case "source":
			s, err := ParseSource(v)
			if err != nil {
				fail("%v", err)
			}
			h.Source = s
		case "logic":
			l, err := ParseLogic(v)
			if err != nil {
				fail("%v", err)
			}
			h.Logic = l
		case "covers":
			// "-" marks a hunt of lakehunt's own that no catalogue row describes.
			if v != "-" {
				h.Covers = checkList(v, coverPattern, "catalogue id or Stratus technique", fail)
			}
		case "tags":
			h.Tags = checkList(strings.ToLower(v), tagPattern, "tag", fail)
		case "baseline":
			d, err := parseDuration(v)
			if err != nil {
				fail("baseline: %v", err)
			}
			h.Baseline = d
		default:
			fail("unknown header field %s", k)
		}
	}
	for _, spec := range paramSpecs {
		p, err := parseParamSpec(spec)
		if err != nil {
			fail("%v", err)
			continue
		}
		if _, dup := h.Param(p.Name); dup {
			fail("param %s declared twice", p.Name)
			continue
		}
		h.Params = append(h.Params, p)
	}
	if h.SQL == "" {
		fail("no SQL after the header")
	} else {
		errs = append(errs, checkReferences(h)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s: %w", origin, errors.Join(errs...))
	}
	return h, nil
}

func checkList(v string, pattern *regexp.Regexp, what string, fail func(string, ...any)) []string {
	var out []string
	for _, item := range strings.Split(v, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if !pattern.MatchString(item) {
			fail("%s %q is malformed", what, item)
			continue
		}
		out = append(out, item)
	}
	return out
}

// checkReferences ties the SQL to the header: every $name is declared or
// built in, every declared parameter is used, and a hunt that reads
// $baseline_start says how long its baseline is.
func checkReferences(h *Hunt) []error {
	tmpl, err := sqltext.ParseTemplate(h.SQL)
	if err != nil {
		return []error{err}
	}
	var errs []error
	used := map[string]bool{}
	for _, name := range tmpl.Names() {
		used[name] = true
		if _, ok := h.Param(name); !ok && !isBuiltinParam(name) {
			errs = append(errs, fmt.Errorf("$%s is used but not declared", name))
		}
	}
	for _, p := range h.Params {
		if !used[p.Name] {
			errs = append(errs, fmt.Errorf("param %s is declared but not used", p.Name))
		}
	}
	switch {
	case used[ParamBaselineStart] && h.Baseline <= 0:
		errs = append(errs, errors.New("$baseline_start is used but no baseline is given"))
	case !used[ParamBaselineStart] && h.Baseline > 0:
		errs = append(errs, errors.New("a baseline is given but $baseline_start is not used"))
	}
	if !used[ParamWindowStart] || !used[ParamWindowEnd] {
		errs = append(errs, errors.New("the SQL must restrict time to [$window_start, $window_end)"))
	}
	return errs
}
