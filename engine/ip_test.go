package engine

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/engine/sqltext"
)

// trinoContains is the oracle for contains(network, CAST(address AS
// IPADDRESS)): Trino keeps every address as 16 bytes (IPv4 mapped into
// ::ffff:0:0/96), so an IPv4 network /n is the IPv6 network /n+96. ok is
// false where Trino raises a cast error and lakehunt gives NULL.
func trinoContains(network, address string) (contains, ok bool) {
	prefix, err := netip.ParsePrefix(network)
	if err != nil {
		return false, false
	}
	addr, err := netip.ParseAddr(address)
	if err != nil || addr.Zone() != "" {
		return false, false
	}
	bits := prefix.Bits()
	if prefix.Addr().Is4() {
		bits += 96
	}
	mapped := netip.PrefixFrom(netip.AddrFrom16(prefix.Addr().As16()), bits)
	return mapped.Contains(netip.AddrFrom16(addr.As16())), true
}

func TestCIDRContains(t *testing.T) {
	e := openSmallLake(t, Options{Lake: t.TempDir()})
	pairs := [][2]string{
		{"10.0.0.0/8", "10.255.255.255"}, {"10.0.0.0/8", "11.0.0.0"}, {"10.0.0.1/8", "10.9.9.9"}, {"0.0.0.0/0", "255.255.255.255"},
		{"192.168.1.0/24", "192.168.1.77"}, {"192.168.1.0/24", "192.168.2.1"}, {"198.51.100.0/32", "198.51.100.0"}, {"1.2.3.4/33", "1.2.3.4"},
		{"10.0.0.0/8", "010.1.1.1"}, {"10.0.0.0/8", "10.1.1"}, {"10.0.0.0/8", "10.1.1.256"}, {"10.0.0.0/8", ""}, {"10.0.0.0", "10.0.0.1"},
		{"2001:db8::/32", "2001:db8::1"}, {"2001:db8::/32", "2001:db9::1"}, {"2001:DB8::/32", "2001:0db8:0000:0000:0000:0000:0000:0001"},
		{"::/0", "1.2.3.4"}, {"::ffff:0:0/96", "10.1.2.3"}, {"10.0.0.0/8", "::ffff:10.1.2.3"}, {"10.0.0.0/8", "::ffff:11.1.2.3"},
		{"10.0.0.0/8", "2001:db8::a00:1"}, {"fe80::/10", "fe80::1"}, {"fe80::/10", "fec0::1"}, {"::1/128", "::1"}, {"::1/128", "::2"},
		{"2001:db8::/129", "2001:db8::1"}, {"1:2:3:4:5:6:7::/112", "1:2:3:4:5:6:7:9"}, {"::/0", "1:2:3:4:5:6:7:8::"},
		{"::/0", "1::2::3"}, {"::/0", "12345::"}, {"::/0", "::ffff:1.2.3.256"}, {"::/0", "fe80::1%eth0"}, {"::/0", "g::1"},
	}
	// Random networks around random addresses, in IPv4 and IPv6, written
	// canonically and fully expanded.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 120 {
		var raw [16]byte
		for i := range raw {
			raw[i] = byte(rng.IntN(256))
		}
		addr := netip.AddrFrom16(raw)
		if rng.IntN(2) == 0 {
			addr = netip.AddrFrom4([4]byte(raw[:4]))
		}
		bits := rng.IntN(addr.BitLen() + 1)
		net := netip.PrefixFrom(addr, bits).Masked()
		if rng.IntN(2) == 0 { // flip one bit of the address, inside or outside the prefix
			b := rng.IntN(addr.BitLen())
			s := addr.AsSlice()
			s[b/8] ^= 0x80 >> (b % 8)
			addr, _ = netip.AddrFromSlice(s)
		}
		text := addr.String()
		if addr.Is6() && rng.IntN(2) == 0 {
			text = addr.StringExpanded()
		}
		pairs = append(pairs, [2]string{net.String(), text})
	}
	var values []string
	for i, p := range pairs {
		values = append(values, fmt.Sprintf("(%d, %s, %s)", i, sqltext.QuoteString(p[0]), sqltext.QuoteString(p[1])))
	}
	got := queryStrings(t, e, `SELECT contains(n, CAST(a AS IPADDRESS)) FROM (VALUES `+strings.Join(values, ", ")+`) AS t(i, n, a) ORDER BY i`)
	for i, p := range pairs {
		want := "NULL"
		if contains, ok := trinoContains(p[0], p[1]); ok {
			want = fmt.Sprint(contains)
		}
		if got[i] != want {
			t.Errorf("contains(%q, %q) = %s, want %s", p[0], p[1], got[i], want)
		}
	}
}
