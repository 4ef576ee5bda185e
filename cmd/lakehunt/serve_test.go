package main

import (
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/console"
)

// TestServeFlags parses 'serve' flags into the console's options without
// starting it.
func TestServeFlags(t *testing.T) {
	f := flagTest(t, newCmdServe, func(_ *Factory, o *ServeOptions) (console.Options, error) {
		return o.options(flagClock)
	})
	f(nil, console.Options{Lake: "lake", MaxRows: console.DefaultMaxRows, Timeout: console.DefaultTimeout}, "")
	f([]string{"--addr", "0.0.0.0:8080", "--token", "T", "--geoip", "g.mmdb", "--max-rows", "5", "--timeout", "1m", "--now", "2024-03-06", "--memory-limit", "2GB"},
		console.Options{Lake: "lake", Token: "T", GeoIP: "g.mmdb", MaxRows: 5, Timeout: time.Minute, Now: time.Date(2024, 3, 6, 0, 0, 0, 0, time.UTC), MemoryLimit: "2GB"}, "")
	f([]string{"--addr", "[::1]:9000"}, console.Options{Lake: "lake", MaxRows: console.DefaultMaxRows, Timeout: console.DefaultTimeout}, "")
	f([]string{"--addr", "0.0.0.0:8080"}, console.Options{}, "give --token")
	f([]string{"--addr", "192.0.2.1:8080"}, console.Options{}, "not a loopback address")
	f([]string{"--max-rows", "0"}, console.Options{}, "--max-rows")
	f([]string{"--now", "yesterday-ish"}, console.Options{}, "--now")
	f([]string{"extra"}, console.Options{}, "unknown command")
}
