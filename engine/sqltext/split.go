package sqltext

import "strings"

// Statement is one statement of a script.
type Statement struct {
	// Text runs from the statement's first token to its last, without the
	// ';' that ends it and the space around it. Comments before and after
	// its code are part of it: one line of comment before a statement
	// usually says what it does.
	Text string
	// Offset is the byte offset of Text in the script.
	Offset int
}

// Split cuts a script into statements at each ';' outside strings, quoted
// names, comments and dollar-quoted strings. Stretches without code (space
// and comments between two ';', or after the last) are no statement; the
// last statement may lack its ';'.
func Split(script string) []Statement {
	var s Splitter
	stmts := s.Feed(script)
	if last, ok := s.Flush(); ok {
		stmts = append(stmts, last)
	}
	return stmts
}

// Splitter splits a script that arrives in pieces, such as the lines typed
// at a prompt: each Feed returns the statements its text completes. The
// zero Splitter is ready to use; Offsets count from the first text fed.
type Splitter struct {
	buf  []byte // text fed and not yet returned, from the end of the last statement
	base int    // offset of buf[0] in everything fed
	// final is how much of buf has been lexed into tokens no later text can
	// change; the tokens after it are lexed again at the next Feed.
	final int
	// begun tells whether a statement is under way: start and end delimit
	// it in buf, from its first token that is not space to its last.
	begun      bool
	start, end int
	hasCode    bool // the statement under way has more than comments and space
	// tailCode and tailOpen describe the tokens after final: code among
	// them, and a string, quoted name or comment left open at the end.
	tailCode, tailOpen bool
	// closers are the bytes without which appended text cannot close the
	// token left open, so that a long string or comment arriving line by
	// line is not lexed again from its start at every line.
	closers string
}

// Feed adds text and returns the statements it completes, ended by ';'.
func (s *Splitter) Feed(text string) []Statement {
	s.buf = append(s.buf, text...)
	if s.tailOpen && !strings.ContainsAny(text, s.closers) {
		return nil
	}
	toks := Lex(string(s.buf[s.final:]))
	// A ';' token is final and so is everything before it: no token other
	// than a string, quoted name or comment, which would be left open,
	// can grow across a ';'. Beyond the last ';', a token is final when
	// the text reaches past the lookahead that decided where it ends.
	lastSemicolon := -1
	for i, t := range toks {
		if t.Is(";") {
			lastSemicolon = i
		}
	}
	var stmts []Statement
	at := s.final
	tail := toks
	for i, t := range toks {
		end := at + t.Pos + len(t.Text)
		if i > lastSemicolon && end+lookahead > len(s.buf) {
			break
		}
		tail = toks[i+1:]
		if stmt, ok := s.take(t, at+t.Pos); ok {
			stmts = append(stmts, stmt)
		}
		s.final = end
	}
	s.tailCode, s.tailOpen = false, false
	for _, t := range tail {
		s.tailCode = s.tailCode || t.Significant()
		s.tailOpen, s.closers = t.Unterminated, closers(t)
	}
	s.compact()
	return stmts
}

// closers returns the bytes that can end token t if it is left open.
func closers(t Token) string {
	switch {
	case !t.Unterminated:
		return ""
	case t.Kind == Comment:
		return "*/"
	case t.Kind == QuotedIdent:
		return `"`
	case t.Text[0] == '$':
		return "$"
	}
	return "'"
}

// take adds the final token t, at offset pos of buf, to the statement under
// way, and returns that statement when t is its ';'.
func (s *Splitter) take(t Token, pos int) (Statement, bool) {
	switch {
	case t.Is(";"):
		stmt, ok := s.current()
		s.begun, s.hasCode = false, false
		return stmt, ok
	case t.Kind == Space:
		return Statement{}, false
	}
	if !s.begun {
		s.begun, s.start = true, pos
	}
	s.end = pos + len(t.Text)
	s.hasCode = s.hasCode || t.Kind != Comment
	return Statement{}, false
}

// current is the statement under way, if it holds code.
func (s *Splitter) current() (Statement, bool) {
	if !s.hasCode {
		return Statement{}, false
	}
	return Statement{Text: string(s.buf[s.start:s.end]), Offset: s.base + s.start}, true
}

// compact drops the text before the statement under way, which no later
// statement needs.
func (s *Splitter) compact() {
	cut := s.final
	if s.begun {
		cut = s.start
	}
	if cut == 0 {
		return
	}
	s.buf = append(s.buf[:0], s.buf[cut:]...)
	s.base += cut
	s.final -= cut
	s.start -= cut
	s.end -= cut
}

// Pending tells whether a statement is under way: code waiting for its
// ';', or a string, quoted name or comment not closed yet. A prompt shows
// that more input is expected; comments and blank lines alone do not.
func (s *Splitter) Pending() bool {
	return s.hasCode || s.tailCode || s.tailOpen
}

// Flush ends the input and returns the statement still waiting for its
// ';', if it holds code. The Splitter is then empty, as a new one.
func (s *Splitter) Flush() (Statement, bool) {
	for _, t := range Lex(string(s.buf[s.final:])) {
		s.take(t, s.final+t.Pos)
	}
	stmt, ok := s.current()
	*s = Splitter{}
	return stmt, ok
}
