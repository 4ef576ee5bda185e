package hunt

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// sigmaAggregation is the "| count(field) by group > N" tail of a condition.
type sigmaAggregation struct {
	Field, GroupBy string // Sigma field names; "" when absent
	Op             string // a SQL comparison: >, >=, <, <=, =
	Threshold      int64
}

var conditionToken = regexp.MustCompile(`\s*(\(|\)|\||[A-Za-z0-9_*\-.]+|>=|<=|!=|[<>=])`)

func tokenizeCondition(s string) ([]string, error) {
	var toks []string
	rest := strings.TrimSpace(s)
	for rest != "" {
		m := conditionToken.FindStringSubmatchIndex(rest)
		if m == nil || m[0] != 0 {
			return nil, fmt.Errorf("condition %q: cannot read %q", s, rest)
		}
		toks = append(toks, rest[m[2]:m[3]])
		rest = strings.TrimSpace(rest[m[1]:])
	}
	return toks, nil
}

// conditionParser turns a Sigma condition into SQL over the selections'
// predicates: not binds tighter than and, and tighter than or.
type conditionParser struct {
	toks       []string
	pos        int
	selections map[string]string // name -> SQL predicate
}

func (p *conditionParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *conditionParser) next() string {
	t := p.peek()
	p.pos++
	return t
}

func (p *conditionParser) parseOr() (string, error) {
	left, err := p.parseAnd()
	if err != nil {
		return "", err
	}
	for strings.EqualFold(p.peek(), "or") {
		p.next()
		right, err := p.parseAnd()
		if err != nil {
			return "", err
		}
		left = "(" + left + " OR " + right + ")"
	}
	return left, nil
}

func (p *conditionParser) parseAnd() (string, error) {
	left, err := p.parseNot()
	if err != nil {
		return "", err
	}
	for strings.EqualFold(p.peek(), "and") {
		p.next()
		right, err := p.parseNot()
		if err != nil {
			return "", err
		}
		left = "(" + left + " AND " + right + ")"
	}
	return left, nil
}

func (p *conditionParser) parseNot() (string, error) {
	if strings.EqualFold(p.peek(), "not") {
		p.next()
		inner, err := p.parseNot()
		if err != nil {
			return "", err
		}
		// A selection that cannot be evaluated (a NULL field) is not a
		// match, so "not selection" holds for it, as in Sigma backends.
		return "NOT coalesce(" + inner + ", false)", nil
	}
	return p.parsePrimary()
}

func (p *conditionParser) parsePrimary() (string, error) {
	t := p.next()
	switch {
	case t == "(":
		inner, err := p.parseOr()
		if err != nil {
			return "", err
		}
		if p.next() != ")" {
			return "", fmt.Errorf("unbalanced parentheses")
		}
		return inner, nil
	case t == "1" || strings.EqualFold(t, "any") || strings.EqualFold(t, "all"):
		if !strings.EqualFold(p.next(), "of") {
			return "", fmt.Errorf("expected 'of' after %q", t)
		}
		target := p.next()
		names, err := p.match(target)
		if err != nil {
			return "", err
		}
		var parts []string
		for _, n := range names {
			parts = append(parts, p.selections[n])
		}
		op := " OR "
		if strings.EqualFold(t, "all") {
			op = " AND "
		}
		return "(" + strings.Join(parts, op) + ")", nil
	case strings.EqualFold(t, "near"):
		return "", refusal(refusedNear, "'near' correlates events; write a temporal correlation rule")
	case t == "" || t == ")" || t == "|":
		return "", fmt.Errorf("condition ends where a selection is expected")
	default:
		pred, ok := p.selections[t]
		if !ok {
			return "", fmt.Errorf("condition names %q, which is not a selection", t)
		}
		return pred, nil
	}
}

// match resolves "them" or a selection name pattern such as selection_*.
func (p *conditionParser) match(target string) ([]string, error) {
	var names []string
	for n := range p.selections {
		ok := strings.EqualFold(target, "them")
		if !ok {
			ok, _ = path.Match(target, n)
		}
		if ok {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%q matches no selection", target)
	}
	sort.Strings(names)
	return names, nil
}

// parseAggregation reads "count(field) by group > N" after the '|'.
func (p *conditionParser) parseAggregation() (*sigmaAggregation, error) {
	switch t := p.next(); {
	case strings.EqualFold(t, "near"):
		return nil, refusal(refusedNear, "'near' correlates events; write a temporal correlation rule")
	case !strings.EqualFold(t, "count"):
		return nil, refusal(refusedAggregation, "only count() aggregations can be converted, not %s()", t)
	}
	a := &sigmaAggregation{}
	if p.next() != "(" {
		return nil, fmt.Errorf("expected ( after count")
	}
	if t := p.next(); t != ")" {
		a.Field = t
		if p.next() != ")" {
			return nil, fmt.Errorf("expected ) after count(%s", t)
		}
	}
	if strings.EqualFold(p.peek(), "by") {
		p.next()
		a.GroupBy = p.next()
	}
	switch op := p.next(); op {
	case ">", ">=", "<", "<=", "=":
		a.Op = op
	default:
		return nil, fmt.Errorf("expected a comparison after count(), got %q", op)
	}
	n, err := strconv.ParseInt(p.next(), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("count threshold is not an integer")
	}
	a.Threshold = n
	if p.pos < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q after the aggregation", p.peek())
	}
	return a, nil
}

// parseCondition converts one condition string.
func parseCondition(cond string, selections map[string]string) (string, *sigmaAggregation, error) {
	toks, err := tokenizeCondition(cond)
	if err != nil {
		return "", nil, err
	}
	p := &conditionParser{toks: toks, selections: selections}
	where, err := p.parseOr()
	if err != nil {
		return "", nil, fmt.Errorf("condition %q: %w", cond, err)
	}
	var agg *sigmaAggregation
	switch p.peek() {
	case "":
	case "|":
		p.next()
		if agg, err = p.parseAggregation(); err != nil {
			return "", nil, fmt.Errorf("condition %q: %w", cond, err)
		}
	default:
		return "", nil, fmt.Errorf("condition %q: unexpected %q", cond, p.peek())
	}
	return where, agg, nil
}
