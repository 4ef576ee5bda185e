// Package sqltext reads SQL as text, without running it: the lexer that
// tells code from strings, quoted names and comments, the statement
// splitter of scripts and the shell, the $name binder that turns a
// template into bound parameters, literal rendering and source positions.
// It follows DuckDB's (PostgreSQL's) lexical rules and does not link DuckDB.
package sqltext

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind classifies the pieces of a SQL statement that text-level tools
// need to tell apart: identifiers and calls the dialect layer rewrites,
// the ; that ends a statement, $name references, and the string literals,
// quoted identifiers and comments that none of them may look into.
type Kind int

// The kinds of token.
const (
	Space       Kind = iota // whitespace
	Comment                 // -- line or /* block */ comment
	Ident                   // unquoted identifier or keyword
	QuotedIdent             // "identifier"
	String                  // 'text', E'text', X'..', B'..', U&'..', $$text$$, $tag$text$tag$
	Number                  // 12, 1.5e3, 0x1F
	Param                   // ?, $1, $name
	Punct                   // ( ) [ ] { } , ; .
	Operator                // any run of operator characters: -> :: || <= ...
)

var kindNames = [...]string{"space", "comment", "identifier", "quoted identifier", "string", "number", "parameter", "punctuation", "operator"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind " + strconv.Itoa(int(k))
}

// Token is one lexeme of a text.
type Token struct {
	Kind Kind
	Text string
	Pos  int // byte offset in the text
	// Unterminated marks a string, quoted identifier or block comment that
	// runs to the end of the text without its closing quote or */.
	Unterminated bool
}

// Significant tells whether the token matters to the grammar.
func (t Token) Significant() bool { return t.Kind != Space && t.Kind != Comment }

// Is tells whether the token is the punctuation or operator s.
func (t Token) Is(s string) bool {
	return (t.Kind == Punct || t.Kind == Operator) && t.Text == s
}

// IsWord tells whether the token is the unquoted keyword or identifier w,
// ignoring case.
func (t Token) IsWord(w string) bool { return t.Kind == Ident && strings.EqualFold(t.Text, w) }

// IdentName is the name an identifier token stands for: unquoted ones
// compare case-insensitively in DuckDB and Trino, so they are lowered;
// quoted ones lose their quotes (DuckDB also matches those without case).
// It is "" for other tokens.
func (t Token) IdentName() string {
	switch t.Kind {
	case Ident:
		return strings.ToLower(t.Text)
	case QuotedIdent:
		inner := strings.TrimSuffix(t.Text[1:], `"`) // unterminated at the end of the text
		return strings.ToLower(strings.ReplaceAll(inner, `""`, `"`))
	}
	return ""
}

// StringValue decodes a plain '...' literal; ok is false for other tokens
// and other string forms (E'...', X'...', dollar-quoted), which the
// dialect layer leaves alone.
func (t Token) StringValue() (string, bool) {
	if t.Kind != String || t.Unterminated || len(t.Text) < 2 || t.Text[0] != '\'' {
		return "", false
	}
	return strings.ReplaceAll(t.Text[1:len(t.Text)-1], "''", "'"), true
}

const operatorChars = "+-*/<>=~!@#%^&|`?:"

// Lex splits a text into tokens following DuckDB's (PostgreSQL's) lexical
// rules; the tokens' texts concatenated are the text. It never fails: an
// unterminated string or comment runs to the end of the text, and DuckDB
// reports it when the statement runs.
func Lex(s string) []Token {
	var toks []Token
	for i := 0; i < len(s); {
		kind, n, open := lexOne(s[i:])
		toks = append(toks, Token{Kind: kind, Text: s[i : i+n], Pos: i, Unterminated: open})
		i += n
	}
	return toks
}

// lookahead is how many bytes past its end lexOne may read to decide where
// a token ends (a rune after a space or a name; "e+5" after a number's
// digits). A token ending earlier than this before the end of the text
// keeps its extent whatever text is appended.
const lookahead = 4

// lexOne returns the kind and length of the token starting rest, and
// whether it is a string, quoted name or comment left open at the end.
func lexOne(rest string) (kind Kind, n int, open bool) {
	c := rest[0]
	r, size := utf8.DecodeRuneInString(rest)
	switch {
	case unicode.IsSpace(r):
		n := size
		for n < len(rest) {
			r, sz := utf8.DecodeRuneInString(rest[n:])
			if !unicode.IsSpace(r) {
				break
			}
			n += sz
		}
		return Space, n, false
	case strings.HasPrefix(rest, "--"):
		if end := strings.IndexByte(rest, '\n'); end >= 0 {
			return Comment, end, false
		}
		return Comment, len(rest), false
	case strings.HasPrefix(rest, "/*"):
		n, open := blockCommentLen(rest)
		return Comment, n, open
	case c == '\'':
		n, open := quotedLen(rest, '\'', false)
		return String, n, open
	case c == '"':
		n, open := quotedLen(rest, '"', false)
		return QuotedIdent, n, open
	case (c == 'e' || c == 'E') && len(rest) > 1 && rest[1] == '\'':
		n, open := quotedLen(rest[1:], '\'', true)
		return String, 1 + n, open
	case (c == 'x' || c == 'X' || c == 'b' || c == 'B') && len(rest) > 1 && rest[1] == '\'':
		n, open := quotedLen(rest[1:], '\'', false)
		return String, 1 + n, open
	case (c == 'u' || c == 'U') && strings.HasPrefix(rest[1:], "&'"):
		n, open := quotedLen(rest[2:], '\'', false)
		return String, 2 + n, open
	case c == '$':
		return lexDollar(rest)
	case c == '?':
		return Param, 1, false
	case c >= '0' && c <= '9', c == '.' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9':
		return Number, numberLen(rest), false
	case strings.IndexByte("()[]{},;.", c) >= 0:
		return Punct, 1, false
	case strings.IndexByte(operatorChars, c) >= 0:
		n := 1
		for n < len(rest) && strings.IndexByte(operatorChars, rest[n]) >= 0 &&
			!strings.HasPrefix(rest[n:], "--") && !strings.HasPrefix(rest[n:], "/*") {
			n++
		}
		return Operator, n, false
	case isIdentStart(r):
		n := size
		for n < len(rest) {
			r, sz := utf8.DecodeRuneInString(rest[n:])
			if !isIdentStart(r) && !unicode.IsDigit(r) && r != '$' {
				break
			}
			n += sz
		}
		return Ident, n, false
	}
	// Anything else is a character DuckDB will reject; keep it whole.
	return Operator, size, false
}

func isIdentStart(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || r >= utf8.RuneSelf && !unicode.IsSpace(r) && !unicode.IsPunct(r)
}

// blockCommentLen measures a /* */ comment; they nest, as in PostgreSQL.
func blockCommentLen(s string) (n int, open bool) {
	depth := 0
	for i := 0; i+1 < len(s); {
		switch s[i : i+2] {
		case "/*":
			depth++
			i += 2
		case "*/":
			depth--
			i += 2
			if depth == 0 {
				return i, false
			}
		default:
			i++
		}
	}
	return len(s), true
}

// quotedLen measures a quoted string or identifier whose quote is doubled
// inside it; backslash escapes a character in E'...' strings.
func quotedLen(s string, quote byte, backslash bool) (n int, open bool) {
	for i := 1; i < len(s); i++ {
		switch {
		case backslash && s[i] == '\\':
			i++
		case s[i] == quote:
			if i+1 < len(s) && s[i+1] == quote {
				i++
				continue
			}
			return i + 1, false
		}
	}
	return len(s), true
}

// lexDollar reads $1, $name, or a dollar-quoted string $tag$...$tag$.
func lexDollar(s string) (Kind, int, bool) {
	n := 1
	for n < len(s) && isNameByte(s[n]) {
		n++
	}
	if n < len(s) && s[n] == '$' && (n == 1 || !(s[1] >= '0' && s[1] <= '9')) {
		tag := s[:n+1]
		if end := strings.Index(s[n+1:], tag); end >= 0 {
			return String, n + 1 + end + len(tag), false
		}
		return String, len(s), true
	}
	if n == 1 {
		return Operator, 1, false
	}
	return Param, n, false
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func numberLen(s string) int {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		n := 2
		for n < len(s) && strings.IndexByte("0123456789abcdefABCDEF_", s[n]) >= 0 {
			n++
		}
		return n
	}
	n := 0
	digits := func() {
		for n < len(s) && (s[n] >= '0' && s[n] <= '9' || s[n] == '_') {
			n++
		}
	}
	digits()
	if n < len(s) && s[n] == '.' {
		n++
		digits()
	}
	if n+1 < len(s) && (s[n] == 'e' || s[n] == 'E') {
		m := n + 1
		if s[m] == '+' || s[m] == '-' {
			m++
		}
		if m < len(s) && s[m] >= '0' && s[m] <= '9' {
			n = m
			digits()
		}
	}
	return n
}
