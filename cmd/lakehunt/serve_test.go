package main

import (
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/console"
)

// TestServeFlags parses 'serve' flags into the console's options without
// starting it.
func TestServeFlags(t *testing.T) {
	f := func(args []string, want console.Options, wantErr string) {
		t.Helper()
		var got console.Options
		err := execute(newCmdServe(testFactory(), func(o *ServeOptions) (err error) {
			got, err = o.options(flagClock)
			return err
		}), args...)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Fatalf("%q: error %v, want one with %q", args, err, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if got != want {
			t.Fatalf("%q:\n got %+v\nwant %+v", args, got, want)
		}
	}
	f(nil, console.Options{Lake: "lake", MaxRows: console.DefaultMaxRows, Timeout: console.DefaultTimeout}, "")
	f([]string{"--addr", "0.0.0.0:8080", "--token", "T", "--geoip", "g.mmdb", "--max-rows", "5", "--timeout", "1m", "--now", "2024-03-06"},
		console.Options{Lake: "lake", Token: "T", GeoIP: "g.mmdb", MaxRows: 5, Timeout: time.Minute, Now: time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC)}, "")
	f([]string{"--addr", "[::1]:9000"}, console.Options{Lake: "lake", MaxRows: console.DefaultMaxRows, Timeout: console.DefaultTimeout}, "")
	f([]string{"--addr", "0.0.0.0:8080"}, console.Options{}, "give --token")
	f([]string{"--addr", "192.0.2.1:8080"}, console.Options{}, "not a loopback address")
	f([]string{"--max-rows", "0"}, console.Options{}, "--max-rows")
	f([]string{"--now", "yesterday-ish"}, console.Options{}, "--now")
	f([]string{"extra"}, console.Options{}, "unknown command")
}
