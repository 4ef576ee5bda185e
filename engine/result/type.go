package result

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// Type is a DuckDB result type parsed from the name the driver reports
// (sql.ColumnType.DatabaseTypeName), for example `STRUCT("a" INTEGER, "b"
// VARCHAR[])`. Values alone cannot tell a DATE from a TIMESTAMP, a FLOAT
// from a DOUBLE or a STRUCT member's type, so readers walk the type beside
// the value. Every method accepts a nil Type (the type of a value nested
// in JSON, which has none) and then answers "unknown".
type Type struct {
	// name is the base type: INTEGER, DECIMAL, VARCHAR, LIST, ARRAY, STRUCT,
	// MAP, UNION, JSON, ... or the raw type name when it could not be parsed.
	name   string
	fields []TypeField // STRUCT fields and UNION members, in declaration order
	elem   *Type       // LIST and ARRAY element type
	key    *Type       // MAP key type
	value  *Type       // MAP value type
	size   int         // ARRAY length
	width  int         // DECIMAL width
	scale  int         // DECIMAL scale
}

// TypeField is a STRUCT field or a UNION member.
type TypeField struct {
	Name string
	Type *Type
}

// Base names of the composite types; scalar names are DuckDB's own.
const (
	KindList   = "LIST"
	KindArray  = "ARRAY"
	KindStruct = "STRUCT"
	KindMap    = "MAP"
	KindUnion  = "UNION"
)

// Kind is the base type name, "" for a nil Type.
func (t *Type) Kind() string {
	if t == nil {
		return ""
	}
	return t.name
}

// Elem is the element type of a LIST or ARRAY.
func (t *Type) Elem() *Type {
	if t == nil {
		return nil
	}
	return t.elem
}

// Fields are the fields of a STRUCT or the members of a UNION, in
// declaration order.
func (t *Type) Fields() []TypeField {
	if t == nil {
		return nil
	}
	return t.fields
}

// Member is the type of a STRUCT field or UNION member.
func (t *Type) Member(name string) *Type {
	if t == nil {
		return nil
	}
	for _, f := range t.fields {
		if f.Name == name {
			return f.Type
		}
	}
	return nil
}

// MapKey is the key type of a MAP.
func (t *Type) MapKey() *Type {
	if t == nil {
		return nil
	}
	return t.key
}

// MapValue is the value type of a MAP.
func (t *Type) MapValue() *Type {
	if t == nil {
		return nil
	}
	return t.value
}

// Size is the length of an ARRAY.
func (t *Type) Size() int {
	if t == nil {
		return 0
	}
	return t.size
}

// Width is the number of digits of a DECIMAL.
func (t *Type) Width() int {
	if t == nil {
		return 0
	}
	return t.width
}

// Scale is the number of decimals of a DECIMAL.
func (t *Type) Scale() int {
	if t == nil {
		return 0
	}
	return t.scale
}

// Numeric tells whether values of the type are numbers.
func (t *Type) Numeric() bool {
	switch t.Kind() {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
		"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "BIGNUM",
		"FLOAT", "DOUBLE", "DECIMAL":
		return true
	}
	return false
}

// Textual tells whether the text of a value of the type is whatever the
// data holds, as for VARCHAR, ENUM or BLOB, rather than a form the type
// dictates: numbers, booleans, times, intervals and UUIDs, JSON (whose
// strings are quoted) and nested values (written as JSON). Only textual
// cells can be made to start like a spreadsheet formula on purpose, so
// only they are guarded (see StartsFormula). A type that could not be
// parsed counts as textual.
func (t *Type) Textual() bool {
	if t.Numeric() {
		return false
	}
	switch t.Kind() {
	case "BOOLEAN", "DATE", "TIME", "TIMETZ", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMPTZ",
		"INTERVAL", "UUID", "JSON", KindList, KindArray, KindStruct, KindMap:
		return false
	}
	return true
}

// String renders the type the way the driver names it, so that parsing is
// checked by a round trip.
func (t *Type) String() string {
	var sb strings.Builder
	t.writeTo(&sb)
	return sb.String()
}

func (t *Type) writeTo(sb *strings.Builder) {
	switch t.name {
	case KindList:
		t.elem.writeTo(sb)
		sb.WriteString("[]")
	case KindArray:
		t.elem.writeTo(sb)
		fmt.Fprintf(sb, "[%d]", t.size)
	case KindStruct, KindUnion:
		sb.WriteString(t.name)
		sb.WriteByte('(')
		for i, f := range t.fields {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(sqltext.QuoteIdent(f.Name) + " ")
			f.Type.writeTo(sb)
		}
		sb.WriteByte(')')
	case KindMap:
		sb.WriteString("MAP(")
		t.key.writeTo(sb)
		sb.WriteString(", ")
		t.value.writeTo(sb)
		sb.WriteByte(')')
	case "DECIMAL":
		fmt.Fprintf(sb, "DECIMAL(%d,%d)", t.width, t.scale)
	default:
		sb.WriteString(t.name)
	}
}

// ParseType parses a driver type name. The grammar is the one the
// driver prints: NAME, DECIMAL(w,s), T[], T[n], STRUCT("f" T, ...),
// UNION("m" T, ...) and MAP(K, V).
func ParseType(s string) (*Type, error) {
	p := typeParser{src: s}
	t, err := p.parseType(0)
	if err != nil {
		return nil, err
	}
	p.skipSpaces()
	if p.pos != len(p.src) {
		return nil, p.errorf("unexpected %q", p.src[p.pos:])
	}
	return t, nil
}

// DescribeType never fails: a name it cannot parse becomes an opaque
// type, known by that name only.
func DescribeType(s string) *Type {
	t, err := ParseType(s)
	if err != nil {
		return &Type{name: s}
	}
	return t
}

type typeParser struct {
	src string
	pos int
}

// maxTypeDepth bounds recursion on hostile or corrupt input; DuckDB itself
// nests far less deeply in practice.
const maxTypeDepth = 100

func (p *typeParser) errorf(format string, args ...any) error {
	return fmt.Errorf("cannot parse column type %q at offset %d: %s", p.src, p.pos, fmt.Sprintf(format, args...))
}

func (p *typeParser) skipSpaces() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
}

func (p *typeParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *typeParser) expect(c byte) error {
	p.skipSpaces()
	if p.peek() != c {
		return p.errorf("want %q", c)
	}
	p.pos++
	return nil
}

func (p *typeParser) parseType(depth int) (*Type, error) {
	if depth > maxTypeDepth {
		return nil, p.errorf("type nested deeper than %d", maxTypeDepth)
	}
	p.skipSpaces()
	name := p.ident()
	if name == "" {
		return nil, p.errorf("want a type name")
	}
	t := &Type{name: name}
	var err error
	switch name {
	case KindStruct, KindUnion:
		t.fields, err = p.parseFields(depth)
	case KindMap:
		t.key, t.value, err = p.parseMapTypes(depth)
	case "DECIMAL":
		t.width, t.scale, err = p.parseDecimalArgs()
	default:
		p.skipSpaces()
		if p.peek() == '(' {
			return nil, p.errorf("unexpected arguments to %s", name)
		}
	}
	if err != nil {
		return nil, err
	}
	for p.skipSpaces(); p.peek() == '['; p.skipSpaces() {
		p.pos++
		if p.peek() == ']' {
			p.pos++
			t = &Type{name: KindList, elem: t}
			continue
		}
		size, err := p.number()
		if err != nil {
			return nil, err
		}
		if err := p.expect(']'); err != nil {
			return nil, err
		}
		t = &Type{name: KindArray, elem: t, size: size}
	}
	return t, nil
}

func (p *typeParser) ident() string {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c != '_' && (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			break
		}
		p.pos++
	}
	return p.src[start:p.pos]
}

func (p *typeParser) number() (int, error) {
	p.skipSpaces()
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	n, err := strconv.Atoi(p.src[start:p.pos])
	if err != nil {
		return 0, p.errorf("want a number")
	}
	return n, nil
}

func (p *typeParser) parseFields(depth int) ([]TypeField, error) {
	if err := p.expect('('); err != nil {
		return nil, err
	}
	var fields []TypeField
	for {
		p.skipSpaces()
		if p.peek() == ')' && len(fields) == 0 {
			p.pos++
			return fields, nil
		}
		name, err := p.quotedName()
		if err != nil {
			return nil, err
		}
		typ, err := p.parseType(depth + 1)
		if err != nil {
			return nil, err
		}
		fields = append(fields, TypeField{Name: name, Type: typ})
		p.skipSpaces()
		switch p.peek() {
		case ',':
			p.pos++
		case ')':
			p.pos++
			return fields, nil
		default:
			return nil, p.errorf("want ',' or ')'")
		}
	}
}

// quotedName reads a field name in double quotes, "" standing for one quote.
func (p *typeParser) quotedName() (string, error) {
	if err := p.expect('"'); err != nil {
		return "", err
	}
	var sb strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		p.pos++
		if c != '"' {
			sb.WriteByte(c)
			continue
		}
		if p.peek() != '"' {
			return sb.String(), nil
		}
		sb.WriteByte('"')
		p.pos++
	}
	return "", p.errorf("unterminated field name")
}

func (p *typeParser) parseMapTypes(depth int) (key, value *Type, err error) {
	if err := p.expect('('); err != nil {
		return nil, nil, err
	}
	if key, err = p.parseType(depth + 1); err != nil {
		return nil, nil, err
	}
	if err := p.expect(','); err != nil {
		return nil, nil, err
	}
	if value, err = p.parseType(depth + 1); err != nil {
		return nil, nil, err
	}
	if err := p.expect(')'); err != nil {
		return nil, nil, err
	}
	return key, value, nil
}

func (p *typeParser) parseDecimalArgs() (width, scale int, err error) {
	if err := p.expect('('); err != nil {
		return 0, 0, err
	}
	if width, err = p.number(); err != nil {
		return 0, 0, err
	}
	if err := p.expect(','); err != nil {
		return 0, 0, err
	}
	if scale, err = p.number(); err != nil {
		return 0, 0, err
	}
	if err := p.expect(')'); err != nil {
		return 0, 0, err
	}
	return width, scale, nil
}
