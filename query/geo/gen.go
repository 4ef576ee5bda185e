//go:build ignore

// gen converts the CSV files of npm's @ip-location-db/geo-whois-asn-country
// (inclusive numeric ranges, a country code each, more specific ranges
// listed inside broader ones) into countries.bin.gz, the table package geo
// embeds. update.sh runs it: go run gen.go PACKAGE_DIR VERSION.
//
// The file is gzip of: the line "lakehunt-geo 1 <source> <version>\n"; the
// country codes (uvarint count, two bytes each; index 0 is "no country");
// then per family (IPv4, then IPv6) a uvarint count of ranges, each range
// the start of a run of addresses with one country, up to the next start:
// IPv4 as the uvarint delta from the previous start, IPv6 as the uvarint
// delta of the high 64 bits and the low 64 bits as a uvarint; then the
// country index byte.
package main

import (
	"bufio"
	"compress/gzip"
	"container/heap"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"math/big"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
)

type span struct {
	start, end *big.Int
	country    string
	reserved   bool
}

// special are IANA's special-purpose blocks (RFC 6890 and its updates:
// private, shared, loopback, link-local, documentation, benchmarking,
// multicast, reserved). The registries' data places some of them in the
// country of the registry that lists them (203.0.113.0/24 in Australia);
// they belong to no country, whatever the data says.
var special = []string{
	"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
	"192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
	"198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
	"::/8", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20",
	"fc00::/7", "fe80::/10", "ff00::/8",
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run gen.go PACKAGE_DIR VERSION")
		os.Exit(2)
	}
	dir, version := os.Args[1], os.Args[2]
	v4 := flatten(append(read(filepath.Join(dir, "geo-whois-asn-country-ipv4-num.csv")), specialSpans(true)...))
	v6 := flatten(append(read(filepath.Join(dir, "geo-whois-asn-country-ipv6-num.csv")), specialSpans(false)...))

	codes := map[string]byte{"": 0}
	var order []string
	for _, list := range [][]span{v4, v6} {
		for _, s := range list {
			if _, ok := codes[s.country]; !ok {
				codes[s.country] = byte(len(order) + 1)
				order = append(order, s.country)
			}
		}
	}
	if len(order) > 255 {
		fail(fmt.Errorf("%d countries do not fit a byte", len(order)))
	}

	out, err := os.Create("countries.bin.gz")
	if err != nil {
		fail(err)
	}
	zw, _ := gzip.NewWriterLevel(out, gzip.BestCompression)
	w := bufio.NewWriter(zw)
	fmt.Fprintf(w, "lakehunt-geo 1 @ip-location-db/geo-whois-asn-country %s\n", version)
	putUvarint(w, uint64(len(order)))
	for _, c := range order {
		if len(c) != 2 {
			fail(fmt.Errorf("country code %q is not two letters", c))
		}
		w.WriteString(c)
	}
	var prev uint64
	putUvarint(w, uint64(len(v4)))
	for _, s := range v4 {
		start := s.start.Uint64()
		putUvarint(w, start-prev)
		prev = start
		w.WriteByte(codes[s.country])
	}
	prev = 0
	putUvarint(w, uint64(len(v6)))
	mask := new(big.Int).SetUint64(^uint64(0))
	for _, s := range v6 {
		hi := new(big.Int).Rsh(s.start, 64).Uint64()
		lo := new(big.Int).And(s.start, mask).Uint64()
		putUvarint(w, hi-prev)
		putUvarint(w, lo)
		prev = hi
		w.WriteByte(codes[s.country])
	}
	if err := w.Flush(); err != nil {
		fail(err)
	}
	if err := zw.Close(); err != nil {
		fail(err)
	}
	if err := out.Close(); err != nil {
		fail(err)
	}
	fmt.Printf("%d IPv4 and %d IPv6 runs, %d countries\n", len(v4), len(v6), len(order))
}

func specialSpans(v4 bool) []span {
	var spans []span
	for _, text := range special {
		p := netip.MustParsePrefix(text)
		if p.Addr().Is4() != v4 {
			continue
		}
		first := new(big.Int).SetBytes(p.Masked().Addr().AsSlice())
		size := new(big.Int).Lsh(big.NewInt(1), uint(p.Addr().BitLen()-p.Bits()))
		spans = append(spans, span{start: first, end: size.Add(size, first).Sub(size, big.NewInt(1)), reserved: true})
	}
	return spans
}

func read(path string) []span {
	f, err := os.Open(path)
	if err != nil {
		fail(err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	var spans []span
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return spans
		}
		if err != nil {
			fail(err)
		}
		start, ok1 := new(big.Int).SetString(rec[0], 10)
		end, ok2 := new(big.Int).SetString(rec[1], 10)
		if !ok1 || !ok2 || end.Cmp(start) < 0 {
			fail(fmt.Errorf("%s: bad range %q", path, rec))
		}
		spans = append(spans, span{start: start, end: end, country: rec[2]})
	}
}

// flatten turns nested ranges into runs that do not overlap, each address
// taking the country of the smallest range that holds it, and marks the
// gaps between ranges as runs of no country; neighbouring runs of one
// country become one.
func flatten(spans []span) []span {
	type event struct {
		at    *big.Int
		open  bool
		index int
	}
	var events []event
	one := big.NewInt(1)
	for i, s := range spans {
		events = append(events, event{s.start, true, i}, event{new(big.Int).Add(s.end, one), false, i})
	}
	sort.SliceStable(events, func(a, b int) bool { return events[a].at.Cmp(events[b].at) < 0 })
	size := func(i int) *big.Int { return new(big.Int).Sub(spans[i].end, spans[i].start) }
	open := &spanHeap{less: func(a, b int) bool {
		if spans[a].reserved != spans[b].reserved {
			return spans[a].reserved
		}
		return size(a).Cmp(size(b)) < 0
	}}
	closed := map[int]bool{}
	var runs []span
	for i := 0; i < len(events); {
		at := events[i].at
		for ; i < len(events) && events[i].at.Cmp(at) == 0; i++ {
			if events[i].open {
				heap.Push(open, events[i].index)
				delete(closed, events[i].index)
			} else {
				closed[events[i].index] = true
			}
		}
		for open.Len() > 0 && closed[open.items[0]] {
			heap.Pop(open)
		}
		country := ""
		if open.Len() > 0 {
			country = spans[open.items[0]].country
		}
		if len(runs) > 0 && runs[len(runs)-1].country == country {
			continue
		}
		if len(runs) == 0 && country == "" && at.Sign() == 0 {
			continue
		}
		if len(runs) == 0 && at.Sign() != 0 {
			runs = append(runs, span{start: new(big.Int)})
		}
		runs = append(runs, span{start: at, country: country})
	}
	return runs
}

type spanHeap struct {
	items []int
	less  func(a, b int) bool
}

func (h *spanHeap) Len() int           { return len(h.items) }
func (h *spanHeap) Less(a, b int) bool { return h.less(h.items[a], h.items[b]) }
func (h *spanHeap) Swap(a, b int)      { h.items[a], h.items[b] = h.items[b], h.items[a] }
func (h *spanHeap) Push(x any)         { h.items = append(h.items, x.(int)) }
func (h *spanHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}

func putUvarint(w *bufio.Writer, v uint64) {
	var buf [binary.MaxVarintLen64]byte
	w.Write(buf[:binary.PutUvarint(buf[:], v)])
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
