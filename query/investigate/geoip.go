package investigate

import (
	"fmt"
	"net/netip"

	"github.com/oschwald/maxminddb-golang/v2"

	"github.com/lakehunt/lakehunt/query/geo"
)

// GeoIP looks addresses up in a MaxMind database (GeoLite2 or GeoIP2
// Country or City, or any .mmdb with the same country and city fields),
// or in the country table built into lakehunt (package geo).
type GeoIP struct {
	reader *maxminddb.Reader // nil for the built-in table
	cache  map[string]*Geo
}

// OpenGeoIP opens a .mmdb file.
func OpenGeoIP(path string) (*GeoIP, error) {
	r, err := maxminddb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open GeoIP database %s: %w", path, err)
	}
	return &GeoIP{reader: r, cache: map[string]*Geo{}}, nil
}

// BuiltinGeoIP locates addresses by country with the table embedded in
// lakehunt; it has no cities.
func BuiltinGeoIP() *GeoIP {
	return &GeoIP{cache: map[string]*Geo{}}
}

// Close releases the database.
func (g *GeoIP) Close() error {
	if g.reader == nil {
		return nil
	}
	return g.reader.Close()
}

// source names the database for the report.
func (g *GeoIP) source() *GeoIPSource {
	if g.reader == nil {
		return &GeoIPSource{DatabaseType: geo.Source()}
	}
	return &GeoIPSource{DatabaseType: g.reader.Metadata.DatabaseType, BuildEpoch: int64(g.reader.Metadata.BuildEpoch)}
}

// geoRecord is the part of a GeoIP2 country or city record shown.
type geoRecord struct {
	Country struct {
		ISOCode string            `maxminddb:"iso_code"`
		Names   map[string]string `maxminddb:"names"`
	} `maxminddb:"country"`
	City struct {
		Names map[string]string `maxminddb:"names"`
	} `maxminddb:"city"`
}

// Locate returns what the database knows of an address, or nil. Text that
// is not an IP address (a service name such as ec2.amazonaws.com) has no
// location.
func (g *GeoIP) Locate(ip string) *Geo {
	if geo, ok := g.cache[ip]; ok {
		return geo
	}
	var found *Geo
	addr, err := netip.ParseAddr(ip)
	switch {
	case err != nil:
	case g.reader == nil:
		if code := geo.CountryOf(addr); code != "" {
			found = &Geo{CountryCode: code}
		}
	default:
		var rec geoRecord
		if err := g.reader.Lookup(addr.Unmap()).Decode(&rec); err == nil {
			loc := Geo{CountryCode: rec.Country.ISOCode, Country: rec.Country.Names["en"], City: rec.City.Names["en"]}
			if loc != (Geo{}) {
				found = &loc
			}
		}
	}
	g.cache[ip] = found
	return found
}

// annotate adds locations to every IP address the report lists.
func (g *GeoIP) annotate(r *Report) {
	r.GeoIP = g.source()
	for i := range r.Related.SourceIPs.Values {
		v := &r.Related.SourceIPs.Values[i]
		v.Geo = g.Locate(v.Value)
	}
	for _, list := range [][]NewValue{r.NewlyObserved.SourceIPs, r.NewlyObserved.FlowPeers} {
		for i := range list {
			list[i].Geo = g.Locate(list[i].Value)
		}
	}
	for i := range r.ConsoleLogins.Logins {
		l := &r.ConsoleLogins.Logins[i]
		l.Geo = g.Locate(l.SourceIP)
	}
	if r.Flows != nil {
		for i := range r.Flows.Peers {
			p := &r.Flows.Peers[i]
			p.Geo = g.Locate(p.IP)
		}
	}
}
