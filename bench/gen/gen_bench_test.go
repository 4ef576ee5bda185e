package gen

import (
	"context"
	"testing"
	"time"
)

// benchmarkGenerate measures whole runs (render, gzip, write) in MB/s of
// uncompressed log text.
func benchmarkGenerate(b *testing.B, generate func(context.Context, Config) (Stats, error), events int64) {
	b.ReportAllocs()
	var raw int64
	for i := 0; i < b.N; i++ {
		cfg := testConfig(b.TempDir(), events)
		cfg.Incidents = false
		st, err := generate(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		raw = st.RawBytes
	}
	b.SetBytes(raw)
}

func BenchmarkGenCloudTrail(b *testing.B) { benchmarkGenerate(b, GenerateCloudTrail, 50_000) }

func BenchmarkGenVPCFlow(b *testing.B) { benchmarkGenerate(b, GenerateVPCFlow, 200_000) }

// benchmarkRender measures rendering alone on one core: what the generator
// costs before compression.
func benchmarkRender(b *testing.B, set fileSet) {
	b.ReportAllocs()
	var buf []byte
	var total int64
	for i := 0; i < set.len(); i++ {
		_, buf, _ = set.render(i, buf[:0])
		total += int64(len(buf))
	}
	b.SetBytes(total)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i := 0; i < set.len(); i++ {
			_, buf, _ = set.render(i, buf[:0])
		}
	}
}

func renderConfig() (*Config, *Org) {
	cfg := testConfig("unused", 20_000)
	if err := cfg.normalise(time.Now()); err != nil {
		panic(err)
	}
	return &cfg, newOrg(cfg.Seed, cfg.Accounts, cfg.Regions)
}

func BenchmarkRenderCloudTrail(b *testing.B) {
	cfg, org := renderConfig()
	benchmarkRender(b, &cloudTrailFiles{cfg: cfg, org: org, counts: plan(fileWeights(cfg, org, 0.4), cfg.Events)})
}

func BenchmarkRenderVPCFlow(b *testing.B) {
	cfg, org := renderConfig()
	cfg.Events *= 5
	benchmarkRender(b, &flowFiles{cfg: cfg, org: org, counts: plan(fileWeights(cfg, org, 0.2), cfg.Events)})
}
