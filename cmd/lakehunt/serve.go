package main

import (
	"context"
	"fmt"
	"net"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/console"
)

// ServeOptions are the flags of 'serve'.
type ServeOptions struct {
	Factory *Factory

	Addr        string
	Token       string
	GeoIP       string
	Now         string
	MaxRows     int
	Timeout     time.Duration
	MemoryLimit string
}

const defaultServeAddr = "127.0.0.1:8080"

// newCmdServe builds 'serve'; runF, when set, gets the parsed options
// instead of starting the console (for tests of the flags).
func newCmdServe(f *Factory, runF func(*ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Start the web console: dashboards, incidents, entity pages and SQL over the lake",
		Long: `serve starts a web console over the lake, offline and read-only: the six
dashboards of the Sumo Logic CloudTrail app, Sentinel's AWS User Activity and
Network Activity workbooks and a VPC Flow dashboard over a time window (every
panel drills down to its events and shows its SQL), entity pages
(/investigate/KIND/VALUE), incidents (/incidents, /incidents/ID), a SQL page
(/query) and a data API (/api/query?sql=...&format=csv|json|jsonl|parquet).

The first line on stdout is the URL to open: it carries a random token
(--token sets it), which the browser keeps as a cookie. Requests whose Host
header does not name the console are refused (DNS rebinding), DuckDB is
locked down as for 'lakehunt query', and responses hold at most --max-rows
rows. The console listens on loopback; another address needs --token, since
anyone who can reach it could otherwise read the lake. Ctrl-C stops it.`,
		Example: `  lakehunt serve
  lakehunt serve --lake ./lake --addr 127.0.0.1:9000 --geoip GeoLite2-Country.mmdb
  lakehunt serve --addr 0.0.0.0:8080 --token "$(openssl rand -hex 24)"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !console.IsLoopback(opts.Addr) && opts.Token == "" {
				return usageErrorf("--addr %s is not a loopback address: give --token so that only those who know it can read the lake", opts.Addr)
			}
			if opts.MaxRows < 1 {
				return usageErrorf("--max-rows must be 1 or more")
			}
			if runF != nil {
				return runF(opts)
			}
			return runServe(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", defaultServeAddr, "address to listen on (a non-loopback one needs --token)")
	fl.StringVar(&opts.Token, "token", "", "secret the console's URL carries (default: a random one)")
	fl.StringVar(&opts.GeoIP, "geoip", "", "MaxMind .mmdb file (GeoLite2/GeoIP2 Country or City) for the map panels, in place of the built-in IP-to-country database")
	fl.StringVar(&opts.Now, "now", "", "pin the clock: relative windows and now() count from this time")
	fl.IntVar(&opts.MaxRows, "max-rows", console.DefaultMaxRows, "rows a response returns at most")
	fl.DurationVar(&opts.Timeout, "timeout", console.DefaultTimeout, "longest a request may run")
	fl.StringVar(&opts.MemoryLimit, "memory-limit", "", "memory limit of each request's engine, for example 4GB: DuckDB gets three quarters, or the limit less 800MB but at least half (default: DuckDB's 80% of RAM)")
	return cmd
}

// options turns the flags into the console's options.
func (o *ServeOptions) options(clock time.Time) (console.Options, error) {
	opt := console.Options{Lake: o.Factory.Lake, Token: o.Token, GeoIP: o.GeoIP, MaxRows: o.MaxRows, Timeout: o.Timeout, MemoryLimit: o.MemoryLimit}
	if o.Now != "" {
		now, err := timeflag.Parse(o.Now, clock)
		if err != nil {
			return console.Options{}, usageErrorf("--now: %v", err)
		}
		opt.Now = now
	}
	return opt, nil
}

func runServe(ctx context.Context, opts *ServeOptions) error {
	opt, err := opts.options(time.Now().UTC())
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	l, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", opts.Addr, err)
	}
	srv, err := console.New(opt, l.Addr())
	if err != nil {
		l.Close()
		return err
	}
	fmt.Fprintf(opts.Factory.Out, "http://%s/?token=%s\n", l.Addr(), srv.Token())
	fmt.Fprintf(opts.Factory.Err, "lakehunt console over %s; Ctrl-C stops it\n", opt.Lake)
	return srv.Serve(ctx, l)
}
