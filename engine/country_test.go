package engine

import (
	"reflect"
	"testing"
)

// lh_country answers on every connection of the pool, NULL for what no
// country holds, and as a column function over the lake.
func TestCountryFunction(t *testing.T) {
	e := openSmallLake(t, Options{})
	got := queryStrings(t, e, `SELECT lh_country(ip) FROM (VALUES ('8.8.8.8'), ('193.0.6.139'), ('2001:67c:2e8::1'),
		('203.0.113.77'), ('10.0.0.1'), ('ec2.amazonaws.com'), (NULL)) AS t(ip)`)
	want := []string{"US", "NL", "NL", "NULL", "NULL", "NULL", "NULL"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lh_country: %q, want %q", got, want)
	}
	// Bound parameters reach it too, and every pooled connection has it.
	for range 4 {
		if got := queryStrings(t, e, `SELECT lh_country(?)`, "1.1.1.1"); !reflect.DeepEqual(got, []string{"AU"}) {
			t.Errorf("lh_country(1.1.1.1) = %q", got)
		}
	}
	if got := queryStrings(t, e, `SELECT count(lh_country(src_endpoint.ip)) >= 0 FROM cloudtrail`); !reflect.DeepEqual(got, []string{"true"}) {
		t.Errorf("lh_country over the lake: %q", got)
	}
}
