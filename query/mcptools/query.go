package mcptools

import (
	"context"
	"fmt"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/query/output"
	"github.com/lakehunt/lakehunt/query/workflow"
)

// QueryInput is the query tool's input.
type QueryInput struct {
	SQL     string `json:"sql" jsonschema:"one SQL statement over the views cloudtrail (CloudTrail management events, OCSF API Activity: time_dt, api.operation, api.service.name, actor.user.uid, actor.user.name, src_endpoint.ip, cloud.account.uid, cloud.region, status, api.response.error, ...) and vpcflow (OCSF Network Activity: time_dt, src_endpoint.ip, dst_endpoint.ip, dst_endpoint.port, connection_info.protocol_num, action, traffic.bytes, ...). Athena queries written for Amazon Security Lake also run: its Glue table names name the same views"`
	Dialect string `json:"dialect,omitempty" jsonschema:"athena: Athena/Trino SQL, translated (DuckDB SQL works too); duckdb: DuckDB SQL, run as it is"`
	Format  string `json:"format,omitempty" jsonschema:"json: an array of one object per row; csv: CSV text with a header line"`
	Window
	MaxRows int `json:"max_rows,omitempty" jsonschema:"rows to return at most, below the server's cap; the result says when rows were left out"`
}

var queryEnums = map[string]property{
	"dialect": {enum: []any{string(engine.DialectAthena), string(engine.DialectDuckDB)}, def: string(engine.DialectAthena)},
	"format":  {enum: []any{string(output.JSON), string(output.CSV)}, def: string(output.JSON)},
}

func queryTool(maxRows int) *mcp.Tool {
	return &mcp.Tool{
		Name:        "query",
		Title:       "Run SQL over the lake",
		Description: fmt.Sprintf(`Run one read-only SQL statement over the lake's views cloudtrail and vpcflow (DuckDB, locked down: no files outside the lake, no extensions, no settings). from/to restrict the views to the window [from, to), so that files outside it are never read; without them the whole lake is read. At most %d rows come back (max_rows asks for fewer): aggregate (GROUP BY, count(*)) rather than list raw events. Nested OCSF fields are structs: api.operation, actor.user.uid. DESCRIBE cloudtrail lists the columns.`, maxRows),
	}
}

func (t tools) query(ctx context.Context, in QueryInput) (*mcp.CallToolResult, error) {
	statements := workflow.Statements(in.SQL)
	if len(statements) != 1 {
		return nil, fmt.Errorf("want one SQL statement in sql, got %d", len(statements))
	}
	dialect, err := engine.ParseDialect(orDefault(in.Dialect, string(engine.DialectAthena)))
	if err != nil {
		return nil, err
	}
	format, err := output.ParseFormat(orDefault(in.Format, string(output.JSON)), "", output.JSON, output.CSV)
	if err != nil {
		return nil, fmt.Errorf("format: %w", err)
	}
	from, to, err := in.parse(t.anchor())
	if err != nil {
		return nil, err
	}
	maxRows := t.opt.MaxRows
	if in.MaxRows > 0 && in.MaxRows < maxRows {
		maxRows = in.MaxRows
	}
	var out strings.Builder
	var res workflow.StatementResult
	err = workflow.Query(ctx, workflow.QueryRequest{
		Session: workflow.Session{Lake: t.opt.Lake, From: from, To: to, Dialect: dialect, Engine: workflow.EngineSettings{Now: t.opt.Now}},
		SQL:     statements[0],
		Out:     &out,
		// The formula guard is for spreadsheets; a model reads the cells
		// as they are.
		Output:         output.Options{Format: format},
		MaxRows:        maxRows,
		AfterStatement: func(_ int, r workflow.StatementResult) { res = r },
	})
	if err != nil {
		return nil, err
	}
	if res.Truncated {
		return text(out.String(), fmt.Sprintf("The result holds more than %d rows; only the first %d are above. Aggregate, filter or add LIMIT to see the rest.", maxRows, maxRows)), nil
	}
	return text(out.String()), nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
