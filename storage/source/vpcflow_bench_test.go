package source

import (
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

func BenchmarkParseFlowLine(b *testing.B) {
	p := NewFlowParser(nil)
	b.SetBytes(int64(len(flowV5Line)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := p.ParseLine(flowV5Line); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeFlowText includes reading lines and the one string each
// line costs; lines/s is the figure to compare with ingest rates.
func BenchmarkDecodeFlowText(b *testing.B) {
	const lines = 10000
	text := strings.Repeat(flowV5Line+"\n", lines)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		err := DecodeFlowText(strings.NewReader(text), nil, func(int, *ocsf.FlowFields, error) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lines*b.N)/b.Elapsed().Seconds(), "lines/s")
}
