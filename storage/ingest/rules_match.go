package ingest

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/source"
)

type valueKind int

const (
	textValue valueKind = iota
	addressValue
	portValue
	actionValue
)

// ruleField is a field rules can name: what its values are, which logs
// have it, and where an event's values are found.
type ruleField struct {
	name  string
	kind  valueKind
	kinds []source.Kind
	// values appends the event's values of the field to buf.
	values func(v *ruleView, buf []string) []string
	ports  func(v *ruleView, buf []int32) []int32
}

var (
	cloudTrailOnly = []source.Kind{source.CloudTrail}
	flowsOnly      = []source.Kind{source.VPCFlow}
	bothKinds      = []source.Kind{source.CloudTrail, source.VPCFlow}
)

// ruleFields are the fields of the rule syntax, in the order help lists them.
var ruleFields = []*ruleField{
	{name: "principal", kinds: cloudTrailOnly, values: func(v *ruleView, buf []string) []string { return append(buf, v.principals...) }},
	{name: "eventsource", kinds: cloudTrailOnly, values: one(func(v *ruleView) string { return v.eventSource })},
	{name: "eventname", kinds: cloudTrailOnly, values: one(func(v *ruleView) string { return v.eventName })},
	{name: "useragent", kinds: cloudTrailOnly, values: one(func(v *ruleView) string { return v.userAgent })},
	{name: "srcaddr", kind: addressValue, kinds: bothKinds, values: one(func(v *ruleView) string { return v.srcAddr })},
	{name: "dstaddr", kind: addressValue, kinds: flowsOnly, values: one(func(v *ruleView) string { return v.dstAddr })},
	{name: "addr", kind: addressValue, kinds: flowsOnly, values: func(v *ruleView, buf []string) []string { return append(buf, v.srcAddr, v.dstAddr) }},
	{name: "srcport", kind: portValue, kinds: flowsOnly, ports: func(v *ruleView, buf []int32) []int32 { return appendPort(buf, v.srcPort) }},
	{name: "dstport", kind: portValue, kinds: flowsOnly, ports: func(v *ruleView, buf []int32) []int32 { return appendPort(buf, v.dstPort) }},
	{name: "port", kind: portValue, kinds: flowsOnly, ports: func(v *ruleView, buf []int32) []int32 { return appendPort(appendPort(buf, v.srcPort), v.dstPort) }},
	{name: "action", kind: actionValue, kinds: flowsOnly, values: one(func(v *ruleView) string { return v.action })},
	{name: "account", kinds: bothKinds, values: one(func(v *ruleView) string { return v.account })},
	{name: "region", kinds: bothKinds, values: one(func(v *ruleView) string { return v.region })},
}

func one(value func(*ruleView) string) func(*ruleView, []string) []string {
	return func(v *ruleView, buf []string) []string { return append(buf, value(v)) }
}

func appendPort(buf []int32, p *int32) []int32 {
	if p == nil {
		return buf
	}
	return append(buf, *p)
}

func ruleFieldNamed(name string) *ruleField {
	for _, f := range ruleFields {
		if f.name == name {
			return f
		}
	}
	return nil
}

func ruleFieldNames() string {
	names := make([]string, len(ruleFields))
	for i, f := range ruleFields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

func kindNames(kinds []source.Kind) string {
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.String()
	}
	return strings.Join(names, " and ")
}

// ruleView holds the values rules read from one event, filled in place
// for each event so that matching allocates nothing. A text field that is
// absent reads as "" (so useragent="" matches events without one); an
// absent port has no value.
type ruleView struct {
	principals                                []string
	eventSource, eventName, userAgent         string
	srcAddr, dstAddr, action, account, region string
	srcPort, dstPort                          *int32
	textBuf                                   []string
	portBuf                                   []int32
}

// viewCloudTrail reads the rule fields of a CloudTrail row. The principal
// is every name of the caller: its ARN, user name and principal id, the
// ARN of the role its session was issued by, the role's and the session's
// names taken from those ARNs, and the service that called on its behalf
// (invokedBy).
func viewCloudTrail(row *lake.Row[ocsf.CloudTrailEvent], v *ruleView) {
	ev := &row.Value
	v.principals = v.principals[:0]
	if u := ev.Actor.User; u != nil {
		v.principals = appendNonEmpty(v.principals, u.UID, u.Name, u.UIDAlt)
		if strings.Contains(u.UID, ":assumed-role/") {
			v.principals = appendNonEmpty(v.principals, lastSegment(u.UID))
		}
	}
	if s := ev.Actor.Session; s != nil {
		v.principals = appendNonEmpty(v.principals, s.Issuer, lastSegment(s.Issuer))
	}
	v.principals = appendNonEmpty(v.principals, ev.Actor.InvokedBy)
	if len(v.principals) == 0 {
		v.principals = append(v.principals, "")
	}
	v.eventSource, v.eventName = ev.API.Service.Name, ev.API.Operation
	v.userAgent = ""
	if ev.HTTPRequest != nil {
		v.userAgent = ev.HTTPRequest.UserAgent
	}
	v.srcAddr = ev.SrcEndpoint.IP
	if v.srcAddr == "" {
		v.srcAddr = ev.SrcEndpoint.Domain
	}
	v.account, v.region = row.Part.AccountID, row.Part.Region
}

// viewFlow reads the rule fields of a flow row; action is AWS's ACCEPT or
// REJECT, "" for NODATA and SKIPDATA records.
func viewFlow(row *lake.Row[ocsf.FlowEvent], v *ruleView) {
	ev := &row.Value
	v.srcAddr, v.dstAddr = ev.SrcEndpoint.IP, ev.DstEndpoint.IP
	v.srcPort, v.dstPort = ev.SrcEndpoint.Port, ev.DstEndpoint.Port
	switch ev.ActionID {
	case 1:
		v.action = "ACCEPT"
	case 2:
		v.action = "REJECT"
	default:
		v.action = ""
	}
	v.account, v.region = row.Part.AccountID, row.Part.Region
}

func appendNonEmpty(list []string, values ...string) []string {
	for _, s := range values {
		if s != "" {
			list = append(list, s)
		}
	}
	return list
}

// lastSegment is what follows the last / of an ARN: a role's name, an
// assumed role's session name.
func lastSegment(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return ""
}

// matches tells whether the term holds for the event.
func (t *Term) matches(v *ruleView) bool {
	hit := false
	if t.field.kind == portValue {
		v.portBuf = t.field.ports(v, v.portBuf[:0])
		for _, p := range v.portBuf {
			if p >= t.lo && p <= t.hi {
				hit = true
				break
			}
		}
		return hit != t.Negate
	}
	v.textBuf = t.field.values(v, v.textBuf[:0])
	for _, s := range v.textBuf {
		if t.matchText(s) {
			hit = true
			break
		}
	}
	return hit != t.Negate
}

func (t *Term) matchText(s string) bool {
	if t.prefix.IsValid() {
		a, err := netip.ParseAddr(s)
		return err == nil && t.prefix.Contains(a.Unmap())
	}
	return globMatch(t.glob, s)
}

func (r *Rule) matches(v *ruleView) bool {
	for i := range r.Terms {
		if !r.Terms[i].matches(v) {
			return false
		}
	}
	return true
}

// ruleMatcher applies a run's rules, counting drops under countKeys.
type ruleMatcher struct {
	rules Rules
	keys  []string
	keyOf []int // per rule, the index in keys of a drop rule's count
	keeps bool
}

func newRuleMatcher(rules Rules) *ruleMatcher {
	m := &ruleMatcher{rules: rules, keys: rules.countKeys(), keyOf: make([]int, len(rules))}
	for i, r := range rules {
		m.keeps = m.keeps || !r.Drop
		m.keyOf[i] = slices.Index(m.keys, r.String())
	}
	return m
}

// verdict returns the index in keys of the reason the event is dropped,
// or -1 to keep it.
func (m *ruleMatcher) verdict(v *ruleView) int {
	if m.keeps {
		kept := false
		for i := range m.rules {
			if !m.rules[i].Drop && m.rules[i].matches(v) {
				kept = true
				break
			}
		}
		if !kept {
			return 0
		}
	}
	for i := range m.rules {
		if m.rules[i].Drop && m.rules[i].matches(v) {
			return m.keyOf[i]
		}
	}
	return -1
}

// globMatch matches s against a lower-cased pattern where * is any run of
// bytes and ? one byte, comparing ASCII letters without regard to case.
func globMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == lowerASCII(s[i])):
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

func lowerASCIIString(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	return string(b)
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
