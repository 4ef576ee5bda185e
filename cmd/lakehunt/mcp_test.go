package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/lakehunt/lakehunt/query/mcptools"
	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
)

// TestMCPFlags parses 'mcp' flags into the tools' options without serving.
func TestMCPFlags(t *testing.T) {
	t.Setenv("LAKEHUNT_NOW", "")
	f := func(args []string, want mcptools.Options, wantErr string) {
		t.Helper()
		var got mcptools.Options
		err := execute(newCmdMCP(testFactory(), func(o *MCPOptions) (err error) {
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
	f(nil, mcptools.Options{Lake: "lake", MaxRows: mcptools.DefaultMaxRows, Version: version}, "")
	f([]string{"--now", "2024-03-06", "--max-rows", "20"}, mcptools.Options{Lake: "lake", MaxRows: 20, Version: version, Now: day(6)}, "")
	f([]string{"--now", "1d"}, mcptools.Options{Lake: "lake", MaxRows: mcptools.DefaultMaxRows, Version: version, Now: flagClock.Add(-24 * time.Hour)}, "")
	f([]string{"--max-rows", "0"}, mcptools.Options{}, "--max-rows")
	f([]string{"--now", "yesterday-ish"}, mcptools.Options{}, "--now")
	f([]string{"extra"}, mcptools.Options{}, "unknown command")
}

// TestMCPOverStdio runs 'lakehunt mcp' as a child process, as an assistant
// starts it, and talks to it over its stdin and stdout: initialize, the
// list of tools, and a query.
func TestMCPOverStdio(t *testing.T) {
	lakeDir := filepath.Join(t.TempDir(), "lake")
	samples := filepath.Join(sharedcorpus.ModuleRoot(t), "testdata", "quickstart")
	for _, kind := range []string{"cloudtrail", "vpcflow"} {
		if _, errOut, code := runCLI(t, "", "--lake", lakeDir, "ingest", kind, "-q", filepath.Join(samples, kind)); code != 0 {
			t.Fatalf("ingest %s: exit %d\n%s", kind, code, errOut)
		}
	}
	cmd := exec.Command(os.Args[0], "--lake", lakeDir, "mcp")
	cmd.Env = append(os.Environ(), runAsCLI+"=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	ctx := t.Context()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "v0"}, nil).Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatalf("initialize: %v\n%s", err, stderr.String())
	}
	if info := cs.InitializeResult().ServerInfo; info.Name != "lakehunt" || info.Version != version {
		t.Errorf("server info %+v", info)
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil || len(tools.Tools) != 5 {
		t.Fatalf("tools/list: %v, %+v", err, tools)
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "query", Arguments: map[string]any{
		"sql": "SELECT api.operation AS op, count(*) AS n FROM cloudtrail WHERE api.operation = 'StopLogging' GROUP BY 1", "format": "csv", "from": "1d",
	}})
	if err != nil || res.IsError || len(res.Content) != 1 || res.Content[0].(*mcp.TextContent).Text != "op,n\nStopLogging,1\n" {
		t.Fatalf("tools/call query: %v, %+v", err, res)
	}
	// Closing stdin ends the server, with exit status 0.
	if err := cs.Close(); err != nil {
		t.Errorf("the server exited with %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "lakehunt MCP server over "+lakeDir) {
		t.Errorf("stderr: %s", stderr.String())
	}
}
