package ocsf

import "testing"

func BenchmarkMapFlow(b *testing.B) {
	record := flowRecordFromLine(b, flowV5Line)
	b.SetBytes(int64(len(flowV5Line)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := MapFlow(&record, FlowDefaults{}); err != nil {
			b.Fatal(err)
		}
	}
}
