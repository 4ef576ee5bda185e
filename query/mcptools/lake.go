package mcptools

import (
	"context"
	"fmt"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// LakeInfoInput is the lake_info tool's input: none.
type LakeInfoInput struct{}

var lakeInfoTool = &mcp.Tool{
	Name:        "lake_info",
	Title:       "Describe the lake",
	Description: "Describe the lake: for each table (CloudTrail management events, VPC Flow Logs) its view name in SQL, partitions, files, rows, bytes, the time range of its events (min_time, max_time), ingested sources and rejected records, as JSON. Call it first: the time range says which windows hold data, and the now it returns is what the other tools' relative times and default windows count from (the end of the UTC day of the newest event, unless the server pins it).",
}

func (t tools) lakeInfo(ctx context.Context, _ LakeInfoInput) (*mcp.CallToolResult, error) {
	infos, err := lake.Info(t.opt.Lake)
	if err != nil {
		return nil, err
	}
	var rows int64
	for _, info := range infos {
		rows += info.Rows
	}
	res, err := jsonText(map[string]any{"lake": t.opt.Lake, "now": t.anchor(), "tables": infos})
	if err != nil {
		return nil, err
	}
	if rows == 0 {
		res.Content = append(res.Content, &mcp.TextContent{Text: fmt.Sprintf("The lake %s holds no events: ingest logs with 'lakehunt ingest', or try 'lakehunt quickstart' for a sample lake.", t.opt.Lake)})
	}
	return res, nil
}
