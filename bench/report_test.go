package bench

import "testing"

func TestParseCPUInfo(t *testing.T) {
	f := func(text, wantModel, wantID, wantCache string) {
		t.Helper()
		model, id, cache := parseCPUInfo(text)
		if model != wantModel || id != wantID || cache != wantCache {
			t.Fatalf("parseCPUInfo = %q, %q, %q; want %q, %q, %q", model, id, cache, wantModel, wantID, wantCache)
		}
	}
	// The first processor is read, not the second.
	f(`processor	: 0
vendor_id	: AuthenticAMD
cpu family	: 26
model		: 2
model name	: AMD EPYC
stepping	: 1
cache size	: 1024 KB

processor	: 1
vendor_id	: AuthenticAMD
cpu family	: 25
model		: 17
model name	: AMD EPYC 9R14
`, "AMD EPYC", "family 26 model 2 stepping 1", "1024 KB")
	f(`processor	: 0
vendor_id	: GenuineIntel
cpu family	: 6
model		: 207
model name	: Intel(R) Xeon(R) Processor
stepping	: 2
cache size	: 16384 KB
`, "Intel(R) Xeon(R) Processor", "family 6 model 207 stepping 2", "16384 KB")
	// arm64 names no model, family or cache in these words.
	f(`processor	: 0
BogoMIPS	: 243.75
CPU implementer	: 0x41
CPU part	: 0xd0c
`, "", "", "")
	f("", "", "", "")
}

func TestMachineCPU(t *testing.T) {
	f := func(m Machine, want string) {
		t.Helper()
		if got := m.cpu(); got != want {
			t.Fatalf("cpu() = %q, want %q", got, want)
		}
	}
	f(Machine{CPUModel: "AMD EPYC", CPUID: "family 26 model 2 stepping 1"}, "AMD EPYC (family 26 model 2 stepping 1)")
	f(Machine{CPUModel: "AMD EPYC"}, "AMD EPYC")
}
