// Package mcptools serves lakehunt's library calls as Model Context
// Protocol tools, so that an AI assistant can work the lake: lake_info,
// query, hunt_run, incidents and investigate. Every tool is read-only and
// runs under the same DuckDB lock-down as 'lakehunt query'; a failure comes
// back as a tool error with a message to act on, never as a crash of the
// server. 'lakehunt mcp' serves NewServer on stdio.
package mcptools

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// Options configure the tools.
type Options struct {
	Lake string
	// Now pins the clock: relative times and default windows count from
	// it, and the SQL's now() is it. Zero is the end of the UTC day of the
	// lake's newest event, else the clock.
	Now time.Time
	// MaxRows caps the rows a query returns; 0 is DefaultMaxRows.
	MaxRows int
	// Version is lakehunt's, as the server names itself.
	Version string
}

// DefaultMaxRows is the query tool's row cap when Options.MaxRows is 0: a
// result a model can still read.
const DefaultMaxRows = 500

// NewServer is an MCP server holding the tools, ready to run on any
// transport.
func NewServer(opt Options) *mcp.Server {
	if opt.MaxRows <= 0 {
		opt.MaxRows = DefaultMaxRows
	}
	s := mcp.NewServer(&mcp.Implementation{Name: "lakehunt", Title: "lakehunt", Version: opt.Version}, &mcp.ServerOptions{
		Instructions: instructions,
	})
	t := tools{opt: opt}
	addTool(s, lakeInfoTool, nil, t.lakeInfo)
	addTool(s, queryTool(opt.MaxRows), queryEnums, t.query)
	addTool(s, huntRunTool, huntRunEnums, t.huntRun)
	addTool(s, incidentsTool, incidentsEnums, t.incidents)
	addTool(s, investigateTool, investigateEnums, t.investigate)
	return s
}

const instructions = `lakehunt holds AWS CloudTrail events and VPC Flow Logs as OCSF 1.1 Parquet, laid out like Amazon Security Lake, and queries them with DuckDB. Start with lake_info to see what the lake holds and over which dates: the default windows count from the end of the newest day. incidents groups what the hunting pack finds into incidents (the place to start a triage); investigate profiles one IP, principal, access key, instance or account; hunt_run lists findings hunt by hunt; query runs SQL over the views cloudtrail and vpcflow. Every tool only reads.`

// tools are the handlers, over one lake.
type tools struct{ opt Options }

// anchor is the time relative times count from: Options.Now, else the end
// of the UTC day of the lake's newest event, else the clock.
func (t tools) anchor() time.Time {
	if !t.opt.Now.IsZero() {
		return t.opt.Now
	}
	var newest time.Time
	if infos, err := lake.Info(t.opt.Lake); err == nil {
		for _, info := range infos {
			if info.MaxTime != nil && info.MaxTime.After(newest) {
				newest = *info.MaxTime
			}
		}
	}
	if newest.IsZero() {
		return time.Now().UTC()
	}
	return newest.UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
}

// handler is a tool's work: its input in, the text of its result out.
type handler[In any] func(ctx context.Context, in In) (*mcp.CallToolResult, error)

// addTool adds a tool whose input schema is In's, with the enumerations
// and defaults of its properties added. An error, or a panic, of the
// handler becomes a tool error whose text the model reads; a panic is a
// bug in lakehunt, and ending the server would end the assistant's whole
// session.
func addTool[In any](s *mcp.Server, tool *mcp.Tool, props map[string]property, h handler[In]) {
	schema, err := jsonschema.For[In](nil)
	if err != nil {
		panic(fmt.Sprintf("tool %s: %v", tool.Name, err))
	}
	for name, p := range props {
		ps := schema.Properties[name]
		if ps == nil {
			panic(fmt.Sprintf("tool %s: no property %q", tool.Name, name))
		}
		ps.Enum = p.enum
		if p.def != nil {
			if ps.Default, err = json.Marshal(p.def); err != nil {
				panic(err)
			}
		}
	}
	tool.InputSchema = schema
	tool.Annotations = &mcp.ToolAnnotations{ReadOnlyHint: true, IdempotentHint: true, OpenWorldHint: new(false), Title: tool.Title}
	mcp.AddTool(s, tool, func(ctx context.Context, _ *mcp.CallToolRequest, in In) (res *mcp.CallToolResult, _ any, err error) {
		defer func() {
			if p := recover(); p != nil {
				res, err = nil, fmt.Errorf("lakehunt failed inside the %s tool (a bug; please report it): %v", tool.Name, p)
			}
		}()
		res, err = h(ctx, in)
		return res, nil, err
	})
}

// property adds to a property of an input schema what Go types do not
// say: the values it may take, and its default.
type property struct {
	enum []any
	def  any
}

// text is a result of text blocks.
func text(blocks ...string) *mcp.CallToolResult {
	res := &mcp.CallToolResult{}
	for _, b := range blocks {
		res.Content = append(res.Content, &mcp.TextContent{Text: b})
	}
	return res
}

// jsonText is v as indented JSON, as the CLI's --format json writes it.
func jsonText(v any) (*mcp.CallToolResult, error) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("cannot write JSON: %w", err)
	}
	return text(string(data)), nil
}
