package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/spf13/cobra"

	"github.com/lakehunt/lakehunt/engine/timeflag"
	"github.com/lakehunt/lakehunt/query/mcptools"
)

// MCPOptions are the flags of 'mcp'.
type MCPOptions struct {
	Factory *Factory

	Now     string
	MaxRows int
}

// newCmdMCP builds 'mcp'; runF, when set, gets the parsed options instead
// of serving (for tests of the flags).
func newCmdMCP(f *Factory, runF func(*MCPOptions) error) *cobra.Command {
	opts := &MCPOptions{Factory: f}
	cmd := &cobra.Command{
		Use:   "mcp",
		Short: "Serve the lake to an AI assistant as Model Context Protocol tools on stdio",
		Long: `mcp serves the lake to an AI assistant (Claude Desktop, Claude Code, VS Code,
any Model Context Protocol client) on stdin and stdout: the client starts
'lakehunt mcp' itself and talks JSON-RPC with it. The tools are the library
calls the commands make:

  lake_info    what the lake holds and over which dates ('lake info')
  query        one SQL statement, Athena or DuckDB dialect, over a window;
               rows as JSON or CSV, at most --max-rows ('query')
  hunt_run     hunts of the pack over a window, findings as JSON ('hunt run')
  incidents    the pack's findings grouped into incidents, as JSON ('incidents')
  investigate  the report on an IP, principal, access key, instance or
               account, as JSON ('investigate')

Every tool only reads, and DuckDB is locked down as for 'lakehunt query': SQL
cannot read files outside the lake, load extensions or change settings. A
failure (bad SQL, an unknown entity, an empty lake) goes back to the
assistant as a tool error with its message. Relative times and default
windows count from --now, else from the end of the UTC day of the lake's
newest event, so that an assistant asking about "the last 24 hours" of old
logs gets the logs' last day. Nothing but the protocol goes to stdout.`,
		Example: `  lakehunt --lake /data/lake mcp
  claude mcp add lakehunt -- lakehunt --lake /data/lake mcp`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.MaxRows < 1 {
				return usageErrorf("--max-rows must be 1 or more")
			}
			if runF != nil {
				return runF(opts)
			}
			return runMCP(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Now, "now", os.Getenv("LAKEHUNT_NOW"), "the time taken as now: relative times, default windows and the SQL's now() count from it (env LAKEHUNT_NOW; default the end of the lake's newest day)")
	fl.IntVar(&opts.MaxRows, "max-rows", mcptools.DefaultMaxRows, "rows a query returns at most")
	return cmd
}

// options turns the flags into the tools' options.
func (o *MCPOptions) options(clock time.Time) (mcptools.Options, error) {
	opt := mcptools.Options{Lake: o.Factory.Lake, MaxRows: o.MaxRows, Version: version}
	if o.Now != "" {
		now, err := timeflag.Parse(o.Now, clock)
		if err != nil {
			return mcptools.Options{}, usageErrorf("--now: %v", err)
		}
		opt.Now = now
	}
	return opt, nil
}

func runMCP(ctx context.Context, opts *MCPOptions) error {
	opt, err := opts.options(time.Now().UTC())
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	f := opts.Factory
	fmt.Fprintf(f.Err, "lakehunt MCP server over %s on stdio\n", opt.Lake)
	err = mcptools.NewServer(opt).Run(ctx, &mcp.IOTransport{Reader: io.NopCloser(f.In), Writer: nopWriteCloser{f.Out}})
	if errors.Is(err, context.Canceled) || errors.Is(err, io.EOF) {
		// The client closed stdin, or the user stopped the server.
		return nil
	}
	return err
}

// nopWriteCloser leaves stdout open when the session ends.
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
