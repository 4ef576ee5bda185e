package ingest

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lakehunt/lakehunt/storage/source"
)

// Rule is one ingest rule: it keeps or drops the events that all of its
// terms match. Written as terms separated by spaces, each field=value or
// field!=value; in a rules file a line starts with "keep" or "drop":
//
//	drop principal=*CspmMonitorAws*
//	drop principal=DefenderForCloud-* eventsource=iam.amazonaws.com
//	keep dstport=22 action=REJECT
//
// Text values are globs (* any run, ? one character) compared without
// regard to ASCII case; addresses take an IP or a CIDR (else a glob, for
// CloudTrail's service names); ports take N or N-M; action takes ACCEPT or
// REJECT. A value with spaces is written in double quotes, with Go's escapes.
// Rules come from ParseRule and ParseRuleFile, which compile their terms.
type Rule struct {
	Drop  bool
	Terms []Term
	// Origin says where the rule was written (--drop, rules.txt:3), for
	// error messages.
	Origin string
}

// Term is one field=value (or field!=value) condition of a rule.
type Term struct {
	Field  string
	Negate bool
	Value  string

	field  *ruleField
	glob   string       // lower-cased, for text fields
	prefix netip.Prefix // for an address given as IP or CIDR
	lo, hi int32        // for ports
}

// NotKept counts, beside each drop rule, the events that no keep rule
// matched.
const NotKept = "keep: no keep rule matched"

// String is the rule in canonical form: its action, then its terms as
// written, values quoted only where needed. Rules with the same text
// match the same events.
func (r Rule) String() string {
	var b strings.Builder
	if r.Drop {
		b.WriteString("drop")
	} else {
		b.WriteString("keep")
	}
	for _, t := range r.Terms {
		b.WriteByte(' ')
		b.WriteString(t.String())
	}
	return b.String()
}

func (t Term) String() string {
	op := "="
	if t.Negate {
		op = "!="
	}
	return t.Field + op + quoteValue(t.Value)
}

func quoteValue(v string) string {
	if v == "" || v[0] == '"' || strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) >= 0 || !utf8.ValidString(v) {
		return strconv.Quote(v)
	}
	return v
}

// Rules are the ingest rules of a run. Keep rules, when there are any,
// let through only the events that one of them matches; drop rules then
// remove the events that one of them matches. An event dropped by several
// rules is counted under the first.
type Rules []Rule

// ParseRule parses a rule given on the command line (the text after
// --drop or --keep). origin names it in errors.
func ParseRule(drop bool, text, origin string) (Rule, error) {
	r := Rule{Drop: drop, Origin: origin}
	terms, err := parseTerms(text)
	if err == nil && len(terms) == 0 {
		err = errors.New("no field=value term")
	}
	if err != nil {
		return Rule{}, fmt.Errorf("cannot parse rule %s %q: %w", origin, text, err)
	}
	r.Terms = terms
	return r, nil
}

// ParseRuleFile reads rules one per line, each "keep TERMS" or "drop
// TERMS"; blank lines and comments (from a # that starts a word to the end
// of the line) are ignored. name is the file's name, for errors.
func ParseRuleFile(r io.Reader, name string) (Rules, error) {
	var rules Rules
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		action, rest := line, ""
		if end := strings.IndexFunc(line, unicode.IsSpace); end >= 0 {
			action, rest = line[:end], line[end:]
		}
		origin := name + ":" + strconv.Itoa(n)
		var drop bool
		switch action {
		case "drop":
			drop = true
		case "keep":
		default:
			return nil, fmt.Errorf("cannot parse rule %s %q: want \"keep\" or \"drop\" first, got %q", origin, line, action)
		}
		rule, err := ParseRule(drop, rest, origin)
		if err != nil {
			return nil, err
		}
		rules = append(rules, rule)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cannot read rules file %s: %w", name, err)
	}
	return rules, nil
}

func parseTerms(text string) ([]Term, error) {
	var terms []Term
	for {
		text = strings.TrimLeftFunc(text, unicode.IsSpace)
		if text == "" || text[0] == '#' {
			return terms, nil
		}
		end := strings.IndexAny(text, "=!")
		if end < 0 || strings.IndexFunc(text[:end], unicode.IsSpace) >= 0 {
			word, _, _ := strings.Cut(text, " ")
			return nil, fmt.Errorf("term %q: want field=value or field!=value", word)
		}
		t := Term{Field: strings.ToLower(text[:end])}
		rest := text[end:]
		switch {
		case strings.HasPrefix(rest, "!="):
			t.Negate, rest = true, rest[2:]
		case rest[0] == '=':
			rest = rest[1:]
		default:
			return nil, fmt.Errorf("term %q: want field=value or field!=value", text[:end+1])
		}
		value, rest, err := cutValue(rest)
		if err != nil {
			return nil, fmt.Errorf("term %s: %w", text[:end], err)
		}
		t.Value = value
		if err := t.compile(); err != nil {
			return nil, err
		}
		terms = append(terms, t)
		text = rest
	}
}

// cutValue takes a value off the front of text: up to the next space, or
// a double-quoted string.
func cutValue(text string) (value, rest string, err error) {
	if text == "" || text[0] != '"' {
		end := strings.IndexFunc(text, unicode.IsSpace)
		if end < 0 {
			end = len(text)
		}
		return text[:end], text[end:], nil
	}
	for i := 1; i < len(text); i++ {
		switch text[i] {
		case '\\':
			i++
		case '"':
			v, err := strconv.Unquote(text[:i+1])
			if err != nil {
				return "", "", fmt.Errorf("bad quoted value %s", text[:i+1])
			}
			rest = text[i+1:]
			if next, _ := utf8.DecodeRuneInString(rest); rest != "" && !unicode.IsSpace(next) {
				return "", "", fmt.Errorf("want a space after the quoted value %s", text[:i+1])
			}
			return v, rest, nil
		}
	}
	return "", "", errors.New("quoted value has no closing \"")
}

func (t *Term) compile() error {
	f := ruleFieldNamed(t.Field)
	if f == nil {
		return fmt.Errorf("unknown field %q (fields: %s)", t.Field, ruleFieldNames())
	}
	t.field = f
	switch f.kind {
	case textValue:
		t.glob = lowerASCIIString(t.Value)
	case addressValue:
		if strings.Contains(t.Value, "/") {
			p, err := netip.ParsePrefix(t.Value)
			if err != nil {
				return fmt.Errorf("%s: cannot parse CIDR %q", t.Field, t.Value)
			}
			t.prefix = p.Masked()
		} else if a, err := netip.ParseAddr(t.Value); err == nil {
			a = a.Unmap()
			t.prefix = netip.PrefixFrom(a, a.BitLen())
		} else {
			t.glob = lowerASCIIString(t.Value)
		}
	case portValue:
		lo, hi, isRange := strings.Cut(t.Value, "-")
		if !isRange {
			hi = lo
		}
		l, err1 := strconv.ParseUint(lo, 10, 16)
		h, err2 := strconv.ParseUint(hi, 10, 16)
		if err1 != nil || err2 != nil || l > h {
			return fmt.Errorf("%s: want a port 0-65535 or a range such as 1024-65535, got %q", t.Field, t.Value)
		}
		t.lo, t.hi = int32(l), int32(h)
	case actionValue:
		v := strings.ToUpper(t.Value)
		if v != "ACCEPT" && v != "REJECT" {
			return fmt.Errorf("%s: want ACCEPT or REJECT, got %q", t.Field, t.Value)
		}
		t.glob = lowerASCIIString(v)
	}
	return nil
}

// Check tells whether every field of every rule applies to kind: a flow
// rule in a CloudTrail ingest would match nothing, silently.
func (rs Rules) Check(kind source.Kind) error {
	for _, r := range rs {
		for _, t := range r.Terms {
			if !slices.Contains(t.field.kinds, kind) {
				return fmt.Errorf("rule %s %q: field %s applies to %s, not %s", r.Origin, r.String(), t.Field, kindNames(t.field.kinds), kind)
			}
		}
	}
	return nil
}

// Fingerprint identifies the rules' effect: the same rules in any order
// give the same fingerprint; "" when there are none. The manifest records
// it with each source.
func (rs Rules) Fingerprint() string {
	texts := rs.Texts()
	if len(texts) == 0 {
		return ""
	}
	slices.Sort(texts)
	texts = slices.Compact(texts)
	sum := sha256.Sum256([]byte(strings.Join(texts, "\n")))
	return hex.EncodeToString(sum[:8])
}

// Texts are the rules' canonical texts, in order.
func (rs Rules) Texts() []string {
	texts := make([]string, len(rs))
	for i, r := range rs {
		texts[i] = r.String()
	}
	return texts
}

// countKeys are the keys the run counts dropped events under: NotKept
// (when there are keep rules) then each drop rule's text.
func (rs Rules) countKeys() []string {
	var keys []string
	for _, r := range rs {
		if !r.Drop {
			keys = append(keys, NotKept)
			break
		}
	}
	for _, r := range rs {
		if r.Drop && !slices.Contains(keys, r.String()) {
			keys = append(keys, r.String())
		}
	}
	return keys
}
