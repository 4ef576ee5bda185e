package output

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// columnType is a DuckDB result type parsed from the name the driver reports
// (sql.ColumnType.DatabaseTypeName), for example `STRUCT("a" INTEGER, "b"
// VARCHAR[])`. Scanned values alone cannot tell a UUID from a BLOB, a DATE
// from a TIMESTAMP, or the field order of a STRUCT (it arrives as a Go map),
// so the writers consult the type.
type columnType struct {
	// name is the base type: INTEGER, DECIMAL, VARCHAR, LIST, ARRAY, STRUCT,
	// MAP, UNION, JSON, ... or the raw type name when it could not be parsed.
	name   string
	fields []structField // STRUCT fields and UNION members, in declaration order
	elem   *columnType   // LIST and ARRAY element type
	key    *columnType   // MAP key type
	value  *columnType   // MAP value type
	size   int           // ARRAY length
	width  int           // DECIMAL width
	scale  int           // DECIMAL scale
}

type structField struct {
	name string
	typ  *columnType
}

// Base names of the composite types; scalar names are DuckDB's own.
const (
	typeList   = "LIST"
	typeArray  = "ARRAY"
	typeStruct = "STRUCT"
	typeMap    = "MAP"
	typeUnion  = "UNION"
)

// kind is the base type name; a nil type (a nested value whose type is not
// known) has the empty kind, and values are then rendered by their Go type.
func (t *columnType) kind() string {
	if t == nil {
		return ""
	}
	return t.name
}

// element is the element type of a LIST or ARRAY, nil when unknown.
func (t *columnType) element() *columnType {
	if t == nil {
		return nil
	}
	return t.elem
}

// member is the type of a STRUCT field or UNION member, nil when unknown.
func (t *columnType) member(name string) *columnType {
	if t == nil {
		return nil
	}
	for _, f := range t.fields {
		if f.name == name {
			return f.typ
		}
	}
	return nil
}

func (t *columnType) mapKey() *columnType {
	if t == nil {
		return nil
	}
	return t.key
}

func (t *columnType) mapValue() *columnType {
	if t == nil {
		return nil
	}
	return t.value
}

// isNumeric tells whether table cells of this type are right-aligned.
func (t *columnType) isNumeric() bool {
	switch t.kind() {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
		"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT", "BIGNUM",
		"FLOAT", "DOUBLE", "DECIMAL":
		return true
	}
	return false
}

// String renders the type the way the driver names it, so that parsing is
// checked by a round trip.
func (t *columnType) String() string {
	var sb strings.Builder
	t.writeTo(&sb)
	return sb.String()
}

func (t *columnType) writeTo(sb *strings.Builder) {
	switch t.name {
	case typeList:
		t.elem.writeTo(sb)
		sb.WriteString("[]")
	case typeArray:
		t.elem.writeTo(sb)
		fmt.Fprintf(sb, "[%d]", t.size)
	case typeStruct, typeUnion:
		sb.WriteString(t.name)
		sb.WriteByte('(')
		for i, f := range t.fields {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(sqltext.QuoteIdent(f.name) + " ")
			f.typ.writeTo(sb)
		}
		sb.WriteByte(')')
	case typeMap:
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

// parseColumnType parses a driver type name. The grammar is the one the
// driver prints: NAME, DECIMAL(w,s), T[], T[n], STRUCT("f" T, ...),
// UNION("m" T, ...) and MAP(K, V).
func parseColumnType(s string) (*columnType, error) {
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

// describeColumnType never fails: a name it cannot parse becomes an opaque
// type whose values are rendered by their Go type.
func describeColumnType(s string) *columnType {
	t, err := parseColumnType(s)
	if err != nil {
		return &columnType{name: s}
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

func (p *typeParser) parseType(depth int) (*columnType, error) {
	if depth > maxTypeDepth {
		return nil, p.errorf("type nested deeper than %d", maxTypeDepth)
	}
	p.skipSpaces()
	name := p.ident()
	if name == "" {
		return nil, p.errorf("want a type name")
	}
	t := &columnType{name: name}
	var err error
	switch name {
	case typeStruct, typeUnion:
		t.fields, err = p.parseFields(depth)
	case typeMap:
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
			t = &columnType{name: typeList, elem: t}
			continue
		}
		size, err := p.number()
		if err != nil {
			return nil, err
		}
		if err := p.expect(']'); err != nil {
			return nil, err
		}
		t = &columnType{name: typeArray, elem: t, size: size}
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

func (p *typeParser) parseFields(depth int) ([]structField, error) {
	if err := p.expect('('); err != nil {
		return nil, err
	}
	var fields []structField
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
		fields = append(fields, structField{name: name, typ: typ})
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

func (p *typeParser) parseMapTypes(depth int) (key, value *columnType, err error) {
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
