package ocsf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/lakehunt/lakehunt/storage/jsontext"
)

// A CloudTrail record is parsed once into a jsonTree; the mapping, the dedup
// key and the unmapped flattening all read that one tree. encoding/json into
// map[string]any would parse the record, lose the key order that
// api.request.data must keep, and allocate a value per node; here the nodes
// of a record share one slice, reused across records, and point into the
// input instead of copying it.

type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonFalse
	jsonTrue
	jsonNumber
	jsonString
	jsonArray
	jsonObject
)

func (k jsonKind) String() string {
	return [...]string{"null", "false", "true", "number", "string", "array", "object"}[k]
}

// noNode marks an absent child, sibling or member.
const noNode int32 = -1

// maxJSONDepth bounds recursion so that hostile nesting cannot exhaust the
// stack; real CloudTrail records nest a dozen levels at most.
const maxJSONDepth = 1000

type jsonNode struct {
	start, end       int32 // the value's bytes in the source, quotes included for strings
	keyStart, keyEnd int32 // for object members: the key's bytes without quotes
	firstChild       int32
	nextSibling      int32
	kind             jsonKind
	// plain: a string value with neither escapes nor non-ASCII bytes, so its
	// source bytes are its text and already canonical. keyPlain: same for the key.
	plain    bool
	keyPlain bool
	// verbatim: the source bytes are already the compact rendering (no
	// insignificant space, only plain strings), so they can be handed out
	// without re-rendering. S3 deliveries are compact, so this is the rule.
	verbatim bool
	// used: the mapping put this value in a typed column, so the unmapped
	// flattening skips it (and, for containers, everything below it).
	used bool
}

type jsonTree struct {
	src   []byte
	text  string // src as a string: plain strings are substrings of it, not copies
	nodes []jsonNode
}

// parse replaces the tree with the parse of src. The tree keeps referring to
// src; text is a private copy, so the strings handed out stay valid after
// src is reused by the caller.
func (t *jsonTree) parse(src []byte) error {
	if len(src) > math.MaxInt32 {
		return fmt.Errorf("record of %d bytes is too large", len(src))
	}
	t.src = src
	t.text = string(src)
	t.nodes = t.nodes[:0]
	p := jsonParser{tree: t, src: src}
	p.skipSpace()
	if _, err := p.value(0); err != nil {
		return err
	}
	p.skipSpace()
	if p.pos < len(src) {
		return fmt.Errorf("invalid JSON: unexpected %q after the top-level value at offset %d", src[p.pos], p.pos)
	}
	return nil
}

// reset drops the references to the last record so a pooled tree does not
// keep it alive.
func (t *jsonTree) reset() {
	t.src = nil
	t.text = ""
	t.nodes = t.nodes[:0]
}

type jsonParser struct {
	tree *jsonTree
	src  []byte
	pos  int
}

var errUnexpectedEnd = errors.New("invalid JSON: unexpected end of input")

// skipSpace skips insignificant space and reports whether there was any.
func (p *jsonParser) skipSpace() bool {
	start := p.pos
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return p.pos > start
		}
	}
	return p.pos > start
}

func (p *jsonParser) unexpected(what string) error {
	if p.pos >= len(p.src) {
		return errUnexpectedEnd
	}
	return fmt.Errorf("invalid JSON: unexpected %q at offset %d, want %s", p.src[p.pos], p.pos, what)
}

// value parses the value at p.pos (no leading space) and returns its node.
func (p *jsonParser) value(depth int) (int32, error) {
	if depth > maxJSONDepth {
		return noNode, fmt.Errorf("invalid JSON: nested deeper than %d at offset %d", maxJSONDepth, p.pos)
	}
	if p.pos >= len(p.src) {
		return noNode, errUnexpectedEnd
	}
	idx := int32(len(p.tree.nodes))
	p.tree.nodes = append(p.tree.nodes, jsonNode{
		start: int32(p.pos), keyStart: noNode, keyEnd: noNode, firstChild: noNode, nextSibling: noNode,
	})
	var err error
	switch c := p.src[p.pos]; {
	case c == '{':
		err = p.object(idx, depth)
	case c == '[':
		err = p.array(idx, depth)
	case c == '"':
		var plain bool
		plain, err = p.string()
		n := &p.tree.nodes[idx]
		n.kind, n.plain, n.verbatim = jsonString, plain, plain
	case c == '-' || (c >= '0' && c <= '9'):
		p.tree.nodes[idx].kind, p.tree.nodes[idx].verbatim = jsonNumber, true
		err = p.number()
	case c == 't':
		p.tree.nodes[idx].kind, p.tree.nodes[idx].verbatim = jsonTrue, true
		err = p.literal("true")
	case c == 'f':
		p.tree.nodes[idx].kind, p.tree.nodes[idx].verbatim = jsonFalse, true
		err = p.literal("false")
	case c == 'n':
		p.tree.nodes[idx].kind, p.tree.nodes[idx].verbatim = jsonNull, true
		err = p.literal("null")
	default:
		return noNode, p.unexpected("a value")
	}
	if err != nil {
		return noNode, err
	}
	p.tree.nodes[idx].end = int32(p.pos)
	return idx, nil
}

func (p *jsonParser) object(idx int32, depth int) error {
	empty, verbatim := p.open(idx, jsonObject, '}')
	if empty {
		return nil
	}
	last := noNode
	for {
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return p.unexpected("an object key")
		}
		keyStart := p.pos + 1
		keyPlain, err := p.string()
		if err != nil {
			return err
		}
		keyEnd := p.pos - 1
		spaced := p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return p.unexpected("':'")
		}
		p.pos++
		spaced = p.skipSpace() || spaced
		child, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		n := &p.tree.nodes[child]
		n.keyStart, n.keyEnd, n.keyPlain = int32(keyStart), int32(keyEnd), keyPlain
		verbatim = verbatim && !spaced && keyPlain && n.verbatim
		p.link(idx, last, child)
		last = child
		var more bool
		if more, verbatim, err = p.separate(idx, '}', verbatim); err != nil || !more {
			return err
		}
	}
}

func (p *jsonParser) array(idx int32, depth int) error {
	empty, verbatim := p.open(idx, jsonArray, ']')
	if empty {
		return nil
	}
	last := noNode
	for {
		child, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		verbatim = verbatim && p.tree.nodes[child].verbatim
		p.link(idx, last, child)
		last = child
		var more bool
		if more, verbatim, err = p.separate(idx, ']', verbatim); err != nil || !more {
			return err
		}
	}
}

// open consumes a container's opening byte and the space after it, and
// reports whether the closer follows at once. verbatim is false when space
// was skipped: the container's text then differs from its compact form.
func (p *jsonParser) open(idx int32, kind jsonKind, closer byte) (empty, verbatim bool) {
	p.tree.nodes[idx].kind = kind
	p.pos++
	verbatim = !p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == closer {
		p.pos++
		p.tree.nodes[idx].verbatim = verbatim
		return true, verbatim
	}
	return false, verbatim
}

// separate consumes what follows a container's member: a ',' before the
// next member (more), or the closer, which settles the container's verbatim
// flag. Space on either side of the separator makes it not verbatim.
func (p *jsonParser) separate(idx int32, closer byte, verbatim bool) (more, stillVerbatim bool, err error) {
	if p.skipSpace() {
		verbatim = false
	}
	if p.pos >= len(p.src) {
		return false, false, errUnexpectedEnd
	}
	switch p.src[p.pos] {
	case ',':
		p.pos++
		if p.skipSpace() {
			verbatim = false
		}
		return true, verbatim, nil
	case closer:
		p.pos++
		p.tree.nodes[idx].verbatim = verbatim
		return false, verbatim, nil
	default:
		return false, false, p.unexpected("',' or '" + string(closer) + "'")
	}
}

func (p *jsonParser) link(parent, last, child int32) {
	if last == noNode {
		p.tree.nodes[parent].firstChild = child
	} else {
		p.tree.nodes[last].nextSibling = child
	}
}

// string consumes a string literal and reports whether it is plain. Runs
// of ordinary bytes are skipped eight at a time.
func (p *jsonParser) string() (plain bool, err error) {
	p.pos++ // opening quote
	plain = true
	src := p.src
	for {
		for p.pos+8 <= len(src) && !hasStringSpecialByte(binary.LittleEndian.Uint64(src[p.pos:])) {
			p.pos += 8
		}
		for p.pos < len(src) && !stringSpecialByte[src[p.pos]] {
			p.pos++
		}
		if p.pos >= len(src) {
			return false, errUnexpectedEnd
		}
		switch c := src[p.pos]; {
		case c == '"':
			p.pos++
			return plain, nil
		case c == '\\':
			plain = false
			if err := p.escape(); err != nil {
				return false, err
			}
		case c < 0x20:
			return false, fmt.Errorf("invalid JSON: control character %#x in string at offset %d", c, p.pos)
		default: // non-ASCII
			plain = false
			p.pos++
		}
	}
}

// stringSpecialByte marks the bytes that end a run of ordinary string
// bytes: the closing quote, escapes, control characters and non-ASCII.
var stringSpecialByte = func() (special [256]bool) {
	for c := range special {
		special[c] = c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf
	}
	return special
}()

// hasStringSpecialByte reports whether any of the eight bytes in w is a
// stringSpecialByte (the classic "has zero byte" and "has byte less than"
// tricks: exact about whether one exists, vague only about which).
func hasStringSpecialByte(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := w ^ ('"' * ones)
	backslash := w ^ ('\\' * ones)
	control := (w - 0x20*ones) &^ w
	return (control|(quote-ones)&^quote|(backslash-ones)&^backslash|w)&highs != 0
}

func (p *jsonParser) escape() error {
	if p.pos+1 >= len(p.src) {
		return errUnexpectedEnd
	}
	switch p.src[p.pos+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		p.pos += 2
		return nil
	case 'u':
		if p.pos+6 > len(p.src) {
			return errUnexpectedEnd
		}
		for _, h := range p.src[p.pos+2 : p.pos+6] {
			if jsontext.HexValue(h) < 0 {
				return fmt.Errorf("invalid JSON: bad \\u escape at offset %d", p.pos)
			}
		}
		p.pos += 6
		return nil
	default:
		return fmt.Errorf("invalid JSON: bad escape %q at offset %d", p.src[p.pos:p.pos+2], p.pos)
	}
}

func (p *jsonParser) number() error {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(p.src) && p.src[p.pos] == '0':
		p.pos++
	case p.pos < len(p.src) && p.src[p.pos] >= '1' && p.src[p.pos] <= '9':
		p.digits()
	default:
		return fmt.Errorf("invalid JSON: bad number at offset %d", start)
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return fmt.Errorf("invalid JSON: bad number at offset %d", start)
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return fmt.Errorf("invalid JSON: bad number at offset %d", start)
		}
	}
	return nil
}

func (p *jsonParser) digits() int {
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	return p.pos - start
}

func (p *jsonParser) literal(word string) error {
	if len(p.src)-p.pos < len(word) || string(p.src[p.pos:p.pos+len(word)]) != word {
		return p.unexpected(word)
	}
	p.pos += len(word)
	return nil
}

// stringText is the text of string node i.
func (t *jsonTree) stringText(i int32) string {
	n := &t.nodes[i]
	if n.plain {
		return t.text[n.start+1 : n.end-1]
	}
	return string(jsontext.AppendUnescaped(nil, t.src[n.start+1:n.end-1]))
}

// keyText is the text of member i's key, for building unmapped names.
func (t *jsonTree) keyText(i int32) string {
	n := &t.nodes[i]
	if n.keyPlain {
		return t.text[n.keyStart:n.keyEnd]
	}
	return string(jsontext.AppendUnescaped(nil, t.src[n.keyStart:n.keyEnd]))
}

// keyBytes is member i's key; it allocates only for escaped keys, which
// CloudTrail does not write.
func (t *jsonTree) keyBytes(i int32) []byte {
	n := &t.nodes[i]
	if n.keyPlain {
		return t.src[n.keyStart:n.keyEnd]
	}
	return jsontext.AppendUnescaped(nil, t.src[n.keyStart:n.keyEnd])
}

// member is the value of obj's member named name, or noNode. A repeated
// key resolves to its last occurrence, as with encoding/json.
func (t *jsonTree) member(obj int32, name string) int32 {
	if obj == noNode || t.nodes[obj].kind != jsonObject {
		return noNode
	}
	found := noNode
	for c := t.nodes[obj].firstChild; c != noNode; c = t.nodes[c].nextSibling {
		if string(t.keyBytes(c)) == name {
			found = c
		}
	}
	return found
}

// str is the text of node i if it is a string.
func (t *jsonTree) str(i int32) (string, bool) {
	if i == noNode || t.nodes[i].kind != jsonString {
		return "", false
	}
	return t.stringText(i), true
}

// take is the text of node i if it is a string, and marks it used: a string
// that lands in a column is not repeated in unmapped. Other kinds are left
// for unmapped, so a value of an unexpected type is kept, not lost; so is
// an empty string, which a Parquet column of optional strings reads back as
// null: the raw views (cloudtrail_logs) give "" back from unmapped.
func (t *jsonTree) take(i int32) string {
	s, ok := t.str(i)
	if ok && s != "" {
		t.nodes[i].used = true
	}
	return s
}

// takeOr is take of obj's member name, falling back to the text of
// fallback when that member is absent or empty. The fallback is read, not
// taken, so it stays in unmapped under its own name; a member equal to
// the fallback stays there too. Either way the raw record's two fields can
// be told apart again from the column and unmapped.
func (t *jsonTree) takeOr(obj int32, name string, fallback int32) string {
	i := t.member(obj, name)
	s := t.take(i)
	alt, _ := t.str(fallback)
	if s == "" {
		return alt
	}
	if s == alt {
		t.nodes[i].used = false
	}
	return s
}

// unuse puts a taken node back into unmapped: the column holds a rendering
// of it that differs from its raw text.
func (t *jsonTree) unuse(i int32) {
	if i != noNode {
		t.nodes[i].used = false
	}
}

// takeMember is take of obj's member name.
func (t *jsonTree) takeMember(obj int32, name string) string {
	return t.take(t.member(obj, name))
}

// strMember is the text of obj's string member name, without marking it.
func (t *jsonTree) strMember(obj int32, name string) string {
	s, _ := t.str(t.member(obj, name))
	return s
}

func (t *jsonTree) isObject(i int32) bool {
	return i != noNode && t.nodes[i].kind == jsonObject
}

// markUsed marks node i used if it exists.
func (t *jsonTree) markUsed(i int32) {
	if i != noNode {
		t.nodes[i].used = true
	}
}
