package source

import (
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// FuzzParseFlowLine feeds arbitrary text, line by line, to a parser and to
// DecodeFlowText: neither may panic, a record must be the line's own tokens,
// and record indexes must count up from 0.
func FuzzParseFlowLine(f *testing.F) {
	f.Add(flowV2Line)
	f.Add(flowV8Line)
	f.Add("version srcaddr start\n2 10.0.0.1 1\nstart start\n1 2\n" + flowTGWLine)
	f.Add("account_id\n\t\r\n-\n")
	f.Fuzz(func(t *testing.T, text string) {
		p := NewFlowParser(nil)
		for line := range strings.SplitSeq(text, "\n") {
			rec, isHeader, err := p.ParseLine(line)
			if rec == nil {
				continue
			}
			if isHeader || err != nil {
				t.Fatalf("%q: a record with isHeader %v, error %v", line, isHeader, err)
			}
			tokens := strings.FieldsFunc(line, func(r rune) bool { return r <= ' ' })
			fields := 0
			for _, field := range rec {
				if field == "" {
					continue
				}
				fields++
				if !strings.Contains(line, field) || strings.ContainsFunc(field, func(r rune) bool { return r <= ' ' }) {
					t.Fatalf("%q: field %q is not one of its tokens", line, field)
				}
			}
			if fields != len(tokens) {
				t.Fatalf("%q: %d fields from %d tokens", line, fields, len(tokens))
			}
		}

		next := 0
		err := DecodeFlowText(strings.NewReader(text), nil, func(index int, rec *ocsf.FlowFields, err error) error {
			if index != next || (rec == nil) == (err == nil) {
				t.Fatalf("emit(%d, %v, %v) after %d records", index, rec, err, next)
			}
			next++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
