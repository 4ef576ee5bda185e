package lake

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

var privateIP = regexp.MustCompile(PrivateIPPattern)

// TestIsPrivateIPIsThePattern: isPrivateIP answers as PrivateIPPattern
// (the engine's lh_private_ip) does, on addresses around every prefix the
// pattern names, in both cases, cut short and run on.
func TestIsPrivateIPIsThePattern(t *testing.T) {
	f := func(ip string) {
		t.Helper()
		if got, want := isPrivateIP(ip), privateIP.MatchString(ip); got != want {
			t.Errorf("isPrivateIP(%q) = %v, the pattern says %v", ip, got, want)
		}
	}
	seeds := []string{"10.1.2.3", "192.168.0.1", "172.16.0.1", "172.31.9.9", "172.32.0.1", "172.15.0.1", "127.0.0.1",
		"169.254.169.254", "100.64.0.1", "100.127.1.1", "100.128.0.1", "100.63.0.1", "100.99.1.1", "100.110.1.1",
		"fc00::1", "FD12:3456::1", "fe80::1", "FEBF::1", "fec0::1", "::1", "::1:2", "2001:db8::1", "8.8.8.8",
		"1.10.0.0", "", "1", "f", "fe8", "fc0z:", "100.6.1.1", "100.1.1.1", "172.2.0.1", "10", "10.", "192.168"}
	for _, s := range seeds {
		f(s)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := "0123456789.:abcdefABCDEFxz"
	for range 200_000 {
		b := []byte(seeds[rng.IntN(len(seeds))])
		for range rng.IntN(4) {
			switch i := rng.IntN(len(b) + 1); rng.IntN(3) {
			case 0:
				if i < len(b) {
					b[i] = alphabet[rng.IntN(len(alphabet))]
				}
			case 1:
				b = append(b[:i], append([]byte{alphabet[rng.IntN(len(alphabet))]}, b[i:]...)...)
			default:
				b = b[:i]
			}
		}
		f(string(b))
	}
}
