package lake

import (
	"encoding/json"
	"strings"

	"github.com/lakehunt/lakehunt/storage/jsontext"
)

// The request and response documents of an issuing call keep, in its
// copy, only what a session trace reads of them: the paths the engine's
// issuing_calls extracts (engine/sessions.go; TestIssuingPathsAreTheEngines
// holds the two lists together). The rest, the session token above all,
// is most of a copy's bytes, and every trace of a principal decompressed
// it for every issuing call of its window.
var (
	IssuingRequestPaths  = []string{"name", "durationSeconds", "sourceIdentity"}
	IssuingResponsePaths = []string{"credentials.accessKeyId", "credentials.expiration", "federatedUser.arn", "sourceIdentity"}
)

// issuingDocuments are the columns of the JSON documents a copy cuts, by
// dotted path, and the paths it keeps of each, split into member names.
var issuingDocuments = map[string][][]string{"api.request.data": splitPaths(IssuingRequestPaths), "api.response.data": splitPaths(IssuingResponsePaths)}

func splitPaths(paths []string) [][]string {
	split := make([][]string, len(paths))
	for i, p := range paths {
		split[i] = strings.Split(p, ".")
	}
	return split
}

// keepJSONPaths is the JSON object doc with only the members on paths
// (member names, outermost first), each value as it was written. A
// document that is not valid JSON, or not an object, or that names a
// member on a path twice, which readers resolve differently, is kept
// whole, as is "".
func keepJSONPaths(doc string, paths [][]string) string {
	if doc == "" {
		return doc
	}
	b := []byte(doc)
	if !json.Valid(b) {
		return doc
	}
	s := &jsonScan{b: b}
	s.space()
	if s.i == len(b) || b[s.i] != '{' {
		return doc
	}
	out, ok := s.keepObject(make([]byte, 0, 128), paths)
	if !ok {
		return doc
	}
	return string(out)
}

// jsonScan walks valid JSON text.
type jsonScan struct {
	b   []byte
	i   int
	key []byte // the unescaped name of the member last read
}

func (s *jsonScan) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

// keepObject appends to out the members on paths of the object at s.i,
// reading past it.
func (s *jsonScan) keepObject(out []byte, paths [][]string) ([]byte, bool) {
	s.i++ // {
	out = append(out, '{')
	first := true
	var seen []string // the names on paths read so far
	for {
		s.space()
		if s.b[s.i] == '}' {
			s.i++
			return append(out, '}'), true
		}
		if s.b[s.i] == ',' {
			s.i++
			s.space()
		}
		name := s.name()
		s.space()
		s.i++ // :
		s.space()
		on, whole, below := "", false, [][]string(nil)
		for _, p := range paths {
			if p[0] == string(name) {
				on, whole = p[0], whole || len(p) == 1
				if len(p) > 1 {
					below = append(below, p[1:])
				}
			}
		}
		if on == "" {
			s.skipValue()
			continue
		}
		for _, n := range seen {
			if n == on {
				return nil, false
			}
		}
		seen = append(seen, on)
		if !first {
			out = append(out, ',')
		}
		first = false
		out = append(out, '"')
		out = append(out, on...) // a name on a path needs no escaping
		out = append(out, '"', ':')
		if !whole && s.b[s.i] == '{' {
			var ok bool
			if out, ok = s.keepObject(out, below); !ok {
				return nil, false
			}
			continue
		}
		// The whole value, or one that is not an object and so holds
		// none of the paths below it: it reads the same as written.
		start := s.i
		s.skipValue()
		out = append(out, s.b[start:s.i]...)
	}
}

// name reads a member's name, unescaped.
func (s *jsonScan) name() []byte {
	start := s.i + 1
	s.skipString()
	raw := s.b[start : s.i-1]
	for _, c := range raw {
		if c == '\\' {
			s.key = jsontext.AppendUnescaped(s.key[:0], raw)
			return s.key
		}
	}
	return raw
}

// skipString reads past the string at s.i.
func (s *jsonScan) skipString() {
	s.i++ // "
	for s.b[s.i] != '"' {
		if s.b[s.i] == '\\' {
			s.i++
		}
		s.i++
	}
	s.i++
}

// skipValue reads past the value at s.i.
func (s *jsonScan) skipValue() {
	switch s.b[s.i] {
	case '"':
		s.skipString()
	case '{', '[':
		depth := 0
		for {
			switch s.b[s.i] {
			case '"':
				s.skipString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			s.i++
			if depth == 0 {
				return
			}
		}
	default: // a number, true, false or null
		for s.i < len(s.b) && !strings.ContainsRune(",}] \t\n\r", rune(s.b[s.i])) {
			s.i++
		}
	}
}
