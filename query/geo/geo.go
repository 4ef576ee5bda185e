// Package geo locates IP addresses by country, offline, with a table
// embedded in the binary: npm's @ip-location-db/geo-whois-asn-country
// (CC0-1.0; built from the RIRs' WHOIS and delegation data, which the NRO
// publishes under CC BY 4.0, and providers' geofeeds), converted by
// update.sh. It imports no database driver: the engine exposes Country to
// SQL as lh_country, and investigations use it unless given a MaxMind
// database.
package geo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"fmt"
	"io"
	"net/netip"
	"sort"
	"strings"
	"sync"
)

//go:embed countries.bin.gz
var countriesGz []byte

// table is the decoded range table: runs of addresses sharing a country,
// each from its start to the next run's.
type table struct {
	source   string // "name version"
	codes    []string
	v4Starts []uint32
	v4Codes  []byte
	v6Hi     []uint64
	v6Lo     []uint64
	v6Codes  []byte
}

var load = sync.OnceValues(func() (*table, error) { return decode(countriesGz) })

// Source names the embedded database and its version (a date and hour,
// 2.3.YYYYMMDDHH).
func Source() string {
	t, err := load()
	if err != nil {
		return ""
	}
	return t.source
}

// Country is the ISO 3166-1 alpha-2 code of the country an address is
// registered in, or "" for text that is not an address and for addresses
// no registry places (private, documentation and reserved ranges).
// IPv4-mapped IPv6 addresses are looked up as IPv4. The table is decoded
// on first use (40 ms and 6.5 MB here).
func Country(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ""
	}
	return CountryOf(addr)
}

// CountryOf is Country for a parsed address.
func CountryOf(addr netip.Addr) string {
	t, err := load()
	if err != nil {
		return ""
	}
	addr = addr.Unmap()
	if addr.Is4() {
		b := addr.As4()
		ip := binary.BigEndian.Uint32(b[:])
		i := sort.Search(len(t.v4Starts), func(i int) bool { return t.v4Starts[i] > ip }) - 1
		if i < 0 {
			return ""
		}
		return t.codes[t.v4Codes[i]]
	}
	b := addr.As16()
	hi, lo := binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:])
	i := sort.Search(len(t.v6Hi), func(i int) bool {
		return t.v6Hi[i] > hi || (t.v6Hi[i] == hi && t.v6Lo[i] > lo)
	}) - 1
	if i < 0 {
		return ""
	}
	return t.codes[t.v6Codes[i]]
}

// decode reads the format gen.go writes.
func decode(data []byte) (*table, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("cannot read the embedded country table: %w", err)
	}
	r := bufio.NewReader(zr)
	header, err := r.ReadString('\n')
	fields := strings.Fields(header)
	if err != nil || len(fields) != 4 || fields[0] != "lakehunt-geo" || fields[1] != "1" {
		return nil, fmt.Errorf("cannot read the embedded country table: bad header %q", header)
	}
	t := &table{source: fields[2] + " " + fields[3]}
	fail := func(err error) (*table, error) {
		return nil, fmt.Errorf("cannot read the embedded country table: %w", err)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return fail(err)
	}
	t.codes = make([]string, n+1)
	for i := range n {
		var code [2]byte
		if _, err := io.ReadFull(r, code[:]); err != nil {
			return fail(err)
		}
		t.codes[i+1] = string(code[:])
	}
	code := func() (byte, error) {
		c, err := r.ReadByte()
		if err == nil && int(c) >= len(t.codes) {
			err = fmt.Errorf("country index %d out of range", c)
		}
		return c, err
	}
	if n, err = binary.ReadUvarint(r); err != nil {
		return fail(err)
	}
	t.v4Starts, t.v4Codes = make([]uint32, n), make([]byte, n)
	var prev uint64
	for i := range n {
		delta, err := binary.ReadUvarint(r)
		if err != nil {
			return fail(err)
		}
		prev += delta
		t.v4Starts[i] = uint32(prev)
		if t.v4Codes[i], err = code(); err != nil {
			return fail(err)
		}
	}
	if n, err = binary.ReadUvarint(r); err != nil {
		return fail(err)
	}
	t.v6Hi, t.v6Lo, t.v6Codes = make([]uint64, n), make([]uint64, n), make([]byte, n)
	prev = 0
	for i := range n {
		delta, err := binary.ReadUvarint(r)
		if err != nil {
			return fail(err)
		}
		prev += delta
		t.v6Hi[i] = prev
		if t.v6Lo[i], err = binary.ReadUvarint(r); err != nil {
			return fail(err)
		}
		if t.v6Codes[i], err = code(); err != nil {
			return fail(err)
		}
	}
	return t, nil
}
