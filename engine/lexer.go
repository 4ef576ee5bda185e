package engine

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies the pieces of a SQL statement that the dialect layer
// needs to tell apart: identifiers and calls it rewrites, and the string
// literals, quoted identifiers and comments it must never look into.
type tokenKind int

const (
	tokSpace       tokenKind = iota // whitespace
	tokComment                      // -- line or /* block */ comment
	tokIdent                        // unquoted identifier or keyword
	tokQuotedIdent                  // "identifier"
	tokString                       // 'text', E'text', X'..', $$text$$, $tag$text$tag$
	tokNumber                       // 12, 1.5e3, 0x1F
	tokParam                        // ?, $1, $name
	tokPunct                        // ( ) [ ] { } , ; .
	tokOperator                     // any run of operator characters: -> :: || <= ...
)

// token is one lexeme; pos is its byte offset in the statement.
type token struct {
	kind tokenKind
	text string
	pos  int
}

// significant tells whether the token matters to the grammar.
func (t token) significant() bool { return t.kind != tokSpace && t.kind != tokComment }

// is tells whether the token is the punctuation or operator s.
func (t token) is(s string) bool {
	return (t.kind == tokPunct || t.kind == tokOperator) && t.text == s
}

// isWord tells whether the token is the unquoted keyword or identifier w,
// ignoring case.
func (t token) isWord(w string) bool { return t.kind == tokIdent && strings.EqualFold(t.text, w) }

// identName is the name an identifier token stands for: unquoted ones
// compare case-insensitively in DuckDB and Trino, so they are lowered;
// quoted ones lose their quotes (DuckDB also matches those without case).
func (t token) identName() string {
	switch t.kind {
	case tokIdent:
		return strings.ToLower(t.text)
	case tokQuotedIdent:
		inner := strings.TrimSuffix(t.text[1:], `"`) // unterminated at the end of the text
		return strings.ToLower(strings.ReplaceAll(inner, `""`, `"`))
	}
	return ""
}

const operatorChars = "+-*/<>=~!@#%^&|`?:"

// lex splits a statement into tokens following DuckDB's (PostgreSQL's)
// lexical rules. It never fails: an unterminated string or comment runs to
// the end of the text, and DuckDB reports it when the statement runs.
func lex(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		kind, n := lexOne(s, i)
		toks = append(toks, token{kind: kind, text: s[i : i+n], pos: i})
		i += n
	}
	return toks
}

// lexOne returns the kind and length of the token starting at s[i:].
func lexOne(s string, i int) (tokenKind, int) {
	rest := s[i:]
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
		return tokSpace, n
	case strings.HasPrefix(rest, "--"):
		if end := strings.IndexByte(rest, '\n'); end >= 0 {
			return tokComment, end
		}
		return tokComment, len(rest)
	case strings.HasPrefix(rest, "/*"):
		return tokComment, blockCommentLen(rest)
	case c == '\'':
		return tokString, quotedLen(rest, '\'', false)
	case c == '"':
		return tokQuotedIdent, quotedLen(rest, '"', false)
	case (c == 'e' || c == 'E') && len(rest) > 1 && rest[1] == '\'':
		return tokString, 1 + quotedLen(rest[1:], '\'', true)
	case (c == 'x' || c == 'X' || c == 'b' || c == 'B') && len(rest) > 1 && rest[1] == '\'':
		return tokString, 1 + quotedLen(rest[1:], '\'', false)
	case (c == 'u' || c == 'U') && strings.HasPrefix(rest[1:], "&'"):
		return tokString, 2 + quotedLen(rest[2:], '\'', false)
	case c == '$':
		return lexDollar(rest)
	case c == '?':
		return tokParam, 1
	case c >= '0' && c <= '9', c == '.' && len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9':
		return tokNumber, numberLen(rest)
	case strings.IndexByte("()[]{},;.", c) >= 0:
		return tokPunct, 1
	case strings.IndexByte(operatorChars, c) >= 0:
		n := 1
		for n < len(rest) && strings.IndexByte(operatorChars, rest[n]) >= 0 &&
			!strings.HasPrefix(rest[n:], "--") && !strings.HasPrefix(rest[n:], "/*") {
			n++
		}
		return tokOperator, n
	case isIdentStart(r):
		n := size
		for n < len(rest) {
			r, sz := utf8.DecodeRuneInString(rest[n:])
			if !isIdentStart(r) && !unicode.IsDigit(r) && r != '$' {
				break
			}
			n += sz
		}
		return tokIdent, n
	}
	// Anything else is a character DuckDB will reject; keep it whole.
	return tokOperator, size
}

func isIdentStart(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || r >= utf8.RuneSelf && !unicode.IsSpace(r) && !unicode.IsPunct(r)
}

// blockCommentLen measures a /* */ comment; they nest, as in PostgreSQL.
func blockCommentLen(s string) int {
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
				return i
			}
		default:
			i++
		}
	}
	return len(s)
}

// quotedLen measures a quoted string or identifier whose quote is doubled
// inside it; backslash escapes a character in E'...' strings.
func quotedLen(s string, quote byte, backslash bool) int {
	for i := 1; i < len(s); i++ {
		switch {
		case backslash && s[i] == '\\':
			i++
		case s[i] == quote:
			if i+1 < len(s) && s[i+1] == quote {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(s)
}

// lexDollar reads $1, $name, or a dollar-quoted string $tag$...$tag$.
func lexDollar(s string) (tokenKind, int) {
	n := 1
	for n < len(s) && (s[n] == '_' || s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z' || s[n] >= '0' && s[n] <= '9') {
		n++
	}
	if n < len(s) && s[n] == '$' && (n == 1 || !(s[1] >= '0' && s[1] <= '9')) {
		tag := s[:n+1]
		if end := strings.Index(s[n+1:], tag); end >= 0 {
			return tokString, n + 1 + end + len(tag)
		}
		return tokString, len(s)
	}
	if n == 1 {
		return tokOperator, 1
	}
	return tokParam, n
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

// stringValue decodes a plain '...' literal; ok is false for other kinds
// (E'...', X'...', dollar-quoted), which the dialect layer leaves alone.
func stringValue(t token) (string, bool) {
	if t.kind != tokString || len(t.text) < 2 || t.text[0] != '\'' || t.text[len(t.text)-1] != '\'' {
		return "", false
	}
	return strings.ReplaceAll(t.text[1:len(t.text)-1], "''", "'"), true
}

// quoteString renders s as a SQL string literal.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// quoteIdent renders s as a quoted identifier.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
