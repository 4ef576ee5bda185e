package output

import "testing"

func TestFormatBytes(t *testing.T) {
	f := func(n int64, want string) {
		t.Helper()
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
	f(0, "0 B")
	f(1023, "1023 B")
	f(1024, "1.0 KiB")
	f(1536, "1.5 KiB")
	f(3<<20+1<<19, "3.5 MiB")
	f(1<<30, "1.0 GiB")
	f(5<<40, "5.0 TiB")
	f(1<<62, "4.0 EiB")
	f(-2048, "-2.0 KiB")
}
