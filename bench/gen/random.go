package gen

import (
	"encoding/binary"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// rng is a PCG stream with the few draws the generator needs, written to
// stay allocation-free in the per-event loop.
type rng struct{ pcg rand.PCG }

// newRNG derives an independent stream for one unit of work (a file, an
// incident, the organisation) from the seed, so files can be generated in
// any order and on any number of workers with identical bytes.
func newRNG(seed uint64, stream ...uint64) *rng {
	h := mix(seed)
	for _, s := range stream {
		h = mix(h ^ s)
	}
	r := &rng{}
	r.pcg.Seed(h, mix(h^0x9e3779b97f4a7c15))
	return r
}

// mix is SplitMix64's finaliser: a cheap bijection that decorrelates nearby
// seeds.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stableHash turns a name into a stream number that is the same in every
// process (FNV-1a).
func stableHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func (r *rng) uint64() uint64 { return r.pcg.Uint64() }

// intn returns a value in [0, n) by Lemire's multiply-shift (the tiny bias
// does not matter for synthetic data).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.pcg.Uint64(), uint64(n))
	return int(hi)
}

func (r *rng) float() float64 { return float64(r.pcg.Uint64()>>11) / (1 << 53) }

func (r *rng) chance(p float64) bool { return r.float() < p }

// normal is a standard normal draw (Box-Muller, one value of the pair).
func (r *rng) normal() float64 {
	u := r.float()
	for u == 0 {
		u = r.float()
	}
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*r.float())
}

// logNormal draws a heavy-tailed size whose median is median.
func (r *rng) logNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.normal())
}

const alphaNum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (r *rng) appendFrom(b []byte, alphabet string, n int) []byte {
	for i := 0; i < n; i++ {
		b = append(b, alphabet[r.intn(len(alphabet))])
	}
	return b
}

func (r *rng) text(alphabet string, n int) string {
	return string(r.appendFrom(make([]byte, 0, n), alphabet, n))
}

const hexDigits = "0123456789abcdef"

// appendUUID writes a random version-4 UUID.
func (r *rng) appendUUID(b []byte) []byte {
	var raw [16]byte
	binary.LittleEndian.PutUint64(raw[:8], r.uint64())
	binary.LittleEndian.PutUint64(raw[8:], r.uint64())
	raw[6] = raw[6]&0x0f | 0x40
	raw[8] = raw[8]&0x3f | 0x80
	for i, c := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&15])
	}
	return b
}

// weighted samples indexes in proportion to fixed weights.
type weighted struct{ cum []float64 }

func newWeighted(weights []float64) weighted {
	cum := make([]float64, len(weights))
	total := 0.0
	for i, w := range weights {
		total += w
		cum[i] = total
	}
	for i := range cum {
		cum[i] /= total
	}
	return weighted{cum: cum}
}

// zipfWeights are 1/(rank+1)^s: a few items take most of the draws, as
// principals, services and operations do in real trails.
func zipfWeights(n int, s float64) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), s)
	}
	return w
}

func (w weighted) pick(r *rng) int {
	i, _ := slices.BinarySearch(w.cum, r.float())
	return min(i, len(w.cum)-1)
}
