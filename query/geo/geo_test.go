package geo

import (
	"testing"
	"time"
)

func TestCountry(t *testing.T) {
	f := func(ip, want string) {
		t.Helper()
		if got := Country(ip); got != want {
			t.Errorf("Country(%q) = %q, want %q", ip, got, want)
		}
	}
	// Documentation, private, loopback and reserved ranges: no country.
	f("192.0.2.1", "")
	f("198.51.100.7", "")
	f("203.0.113.77", "")
	f("10.1.2.3", "")
	f("192.168.0.1", "")
	f("127.0.0.1", "")
	f("0.0.0.0", "")
	f("255.255.255.255", "")
	f("2001:db8::1", "")
	f("::1", "")
	f("fe80::1", "")
	// Not an address.
	f("ec2.amazonaws.com", "")
	f("", "")
	// Long-standing allocations.
	f("1.1.1.1", "AU")              // APNIC's research prefix, lent to Cloudflare
	f("8.8.8.8", "US")              // Google
	f("193.0.6.139", "NL")          // RIPE NCC, Amsterdam
	f("200.160.2.3", "BR")          // NIC.br
	f("133.11.0.1", "JP")           // University of Tokyo
	f("::ffff:8.8.8.8", "US")       // IPv4-mapped
	f("2001:67c:2e8::1", "NL")      // RIPE NCC
	f("2001:4860:4860::8888", "US") // Google
}

func TestTableLoads(t *testing.T) {
	start := time.Now()
	tab, err := decode(countriesGz)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("decoded %d IPv4 and %d IPv6 runs in %v; source %s", len(tab.v4Starts), len(tab.v6Hi), time.Since(start), Source())
	if len(tab.v4Starts) < 100_000 || len(tab.v6Hi) < 100_000 {
		t.Errorf("only %d IPv4 and %d IPv6 runs", len(tab.v4Starts), len(tab.v6Hi))
	}
	for i := 1; i < len(tab.v4Starts); i++ {
		if tab.v4Starts[i] <= tab.v4Starts[i-1] {
			t.Fatalf("IPv4 run %d starts at %d, not after %d", i, tab.v4Starts[i], tab.v4Starts[i-1])
		}
	}
}

func BenchmarkCountry(b *testing.B) {
	Country("8.8.8.8")
	for b.Loop() {
		Country("193.0.6.139")
	}
}
