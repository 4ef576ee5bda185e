package investigate

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mmdbValue encodes values in the MaxMind DB data section format: a
// control byte holding the type and size, then the payload.
type mmdbValue interface{ encode(*bytes.Buffer) }

type (
	mmdbString string
	mmdbUint16 uint16
	mmdbUint32 uint32
	mmdbUint64 uint64
	mmdbMap    []mmdbPair
	mmdbArray  []mmdbValue
)

type mmdbPair struct {
	key   string
	value mmdbValue
}

// mmdbControl writes the control byte of a type; types above 7 are
// "extended", written as type 0 and a second byte of type-7. Sizes stay
// below 29, all this test needs.
func mmdbControl(b *bytes.Buffer, typ, size int) {
	if typ <= 7 {
		b.WriteByte(byte(typ<<5 | size))
		return
	}
	b.WriteByte(byte(size))
	b.WriteByte(byte(typ - 7))
}

func (s mmdbString) encode(b *bytes.Buffer) { mmdbControl(b, 2, len(s)); b.WriteString(string(s)) }

func mmdbUint(b *bytes.Buffer, typ int, v uint64) {
	var raw [8]byte
	binary.BigEndian.PutUint64(raw[:], v)
	trimmed := bytes.TrimLeft(raw[:], "\x00")
	mmdbControl(b, typ, len(trimmed))
	b.Write(trimmed)
}

func (v mmdbUint16) encode(b *bytes.Buffer) { mmdbUint(b, 5, uint64(v)) }
func (v mmdbUint32) encode(b *bytes.Buffer) { mmdbUint(b, 6, uint64(v)) }
func (v mmdbUint64) encode(b *bytes.Buffer) { mmdbUint(b, 9, uint64(v)) }

func (m mmdbMap) encode(b *bytes.Buffer) {
	mmdbControl(b, 7, len(m))
	for _, p := range m {
		mmdbString(p.key).encode(b)
		p.value.encode(b)
	}
}

func (a mmdbArray) encode(b *bytes.Buffer) {
	mmdbControl(b, 11, len(a))
	for _, v := range a {
		v.encode(b)
	}
}

// writeTestMMDB writes an IPv4 database with 24-bit records in which the
// network holds the record and every other address is unknown.
func writeTestMMDB(t *testing.T, path string, network netip.Prefix, record mmdbValue) {
	t.Helper()
	bits := network.Bits()
	nodeCount := bits
	addr := network.Addr().As4()
	var tree bytes.Buffer
	put24 := func(v int) { tree.Write([]byte{byte(v >> 16), byte(v >> 8), byte(v)}) }
	for depth := range bits {
		bit := addr[depth/8] >> (7 - depth%8) & 1
		// The path goes on to the next node, or to the record (data
		// offset 0) after the last one; the other branch holds nothing.
		next := depth + 1
		if depth == bits-1 {
			next = nodeCount + 16
		}
		if bit == 0 {
			put24(next)
			put24(nodeCount)
		} else {
			put24(nodeCount)
			put24(next)
		}
	}
	var file bytes.Buffer
	file.Write(tree.Bytes())
	file.Write(make([]byte, 16))
	record.encode(&file)
	file.WriteString("\xab\xcd\xefMaxMind.com")
	mmdbMap{
		{"binary_format_major_version", mmdbUint16(2)},
		{"binary_format_minor_version", mmdbUint16(0)},
		{"build_epoch", mmdbUint64(1717977600)},
		{"database_type", mmdbString("lakehunt-Test-City")},
		{"description", mmdbMap{{"en", mmdbString("investigate test")}}},
		{"ip_version", mmdbUint16(4)},
		{"languages", mmdbArray{mmdbString("en")}},
		{"node_count", mmdbUint32(nodeCount)},
		{"record_size", mmdbUint16(24)},
	}.encode(&file)
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func testGeoIP(t *testing.T) *GeoIP {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.mmdb")
	writeTestMMDB(t, path, netip.MustParsePrefix("203.0.113.0/24"), mmdbMap{
		{"city", mmdbMap{{"names", mmdbMap{{"en", mmdbString("Amsterdam")}}}}},
		{"country", mmdbMap{{"iso_code", mmdbString("NL")}, {"names", mmdbMap{{"en", mmdbString("Netherlands")}}}}},
	})
	g, err := OpenGeoIP(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

func TestGeoIPLocate(t *testing.T) {
	g := testGeoIP(t)
	f := func(ip string, want *Geo) {
		t.Helper()
		got := g.Locate(ip)
		if (got == nil) != (want == nil) || (got != nil && *got != *want) {
			t.Errorf("Locate(%s) = %+v, want %+v", ip, got, want)
		}
	}
	f("203.0.113.50", &Geo{CountryCode: "NL", Country: "Netherlands", City: "Amsterdam"})
	f("203.0.113.255", &Geo{CountryCode: "NL", Country: "Netherlands", City: "Amsterdam"})
	f("203.0.114.1", nil)
	f("198.51.100.10", nil)
	f("ec2.amazonaws.com", nil)
	f("::ffff:203.0.113.9", &Geo{CountryCode: "NL", Country: "Netherlands", City: "Amsterdam"})
}

// TestGeoIPReport: with a database, the report's addresses carry their
// location, in JSON, text and HTML.
func TestGeoIPReport(t *testing.T) {
	g := testGeoIP(t)
	r := investigateIncident(t, KindInstance, "i-0aaaabbbbcccc0001", func(o *Options) { o.GeoIP = g; o.Hunts = nil })
	if r.GeoIP == nil || r.GeoIP.DatabaseType != "lakehunt-Test-City" {
		t.Errorf("geoip source = %+v", r.GeoIP)
	}
	located := map[string]*Geo{}
	for _, p := range r.Flows.Peers {
		located[p.IP] = p.Geo
	}
	if g := located["203.0.113.50"]; g == nil || g.City != "Amsterdam" {
		t.Errorf("peer 203.0.113.50 located at %+v, want Amsterdam", g)
	}
	if g := located["198.51.100.30"]; g != nil {
		t.Errorf("peer 198.51.100.30 located at %+v, want nowhere", g)
	}
	if peers := r.NewlyObserved.FlowPeers; len(peers) != 1 || peers[0].Geo == nil || peers[0].Geo.CountryCode != "NL" {
		t.Errorf("new flow peers = %+v, want 203.0.113.50 in NL", peers)
	}
	for _, w := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return WriteText(b, r) },
		func(b *bytes.Buffer) error { return WriteHTML(b, r) },
		func(b *bytes.Buffer) error { return WriteJSON(b, r) },
	} {
		var buf bytes.Buffer
		if err := w(&buf); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "Amsterdam") {
			t.Errorf("report lacks the location:\n%.400s", buf.String())
		}
	}
}
