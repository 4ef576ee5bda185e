package console

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
)

// The VPC Flow dashboard's panels read the flow summaries written at
// commit (storage/lake/flowsummary.go) when the window holds whole files
// that have them: the traffic by minute and the rejected flows by port,
// summed; for top talkers, egress and admin ports, lake.TopFlowGroups
// gives the groups that can rank, exactly. The panel's own ordering and
// limit then run over those rows, one VALUES row each. The page still
// shows, links and downloads the panel's statement over the view, and
// TestSummarizedPanelsMatchTheirStatements holds the two to the same
// rows. When the summaries cannot answer, the panel runs its statement.
//
// Why: over the 50M flows of the medium bench lake the page took 25.8 s
// (50 CPU-s), and reading the two address columns alone costs 6.4 CPU-s;
// from the summaries it takes 1.59 s (2.75 CPU-s; bench scenario 10 at
// --scale medium, 2-core AMD EPYC).

// summarized answers a panel from the summaries of the window's files:
// the statement and its arguments, or false.
type summarized func(files []lake.SummarizedFlowFile, v view, p *Panel) (text string, args []any, ok bool, err error)

// valuesStatement selects rows given as arguments, typed by columns
// ("name TYPE, ..."), in the order and up to the limit of orderLimit.
func valuesStatement(columns string, rows [][]any, orderLimit string) (string, []any) {
	var names, types []string
	for _, c := range strings.Split(columns, ", ") {
		name, typ, _ := strings.Cut(c, " ")
		names = append(names, name)
		types = append(types, typ)
	}
	var b strings.Builder
	var args []any
	b.WriteString("SELECT *\nFROM (VALUES ")
	for i, row := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j, typ := range types {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("CAST(? AS " + typ + ")")
		}
		b.WriteString(")")
		args = append(args, row...)
	}
	b.WriteString(") AS summarized(" + strings.Join(names, ", ") + ")\n" + orderLimit)
	return b.String(), args
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ranked answers a table panel from a flow ranking: row gives a group's
// values in the order of columns.
func ranked(r lake.FlowRanking, columns string, row func(g *lake.FlowGroup) []any) summarized {
	return func(files []lake.SummarizedFlowFile, v view, p *Panel) (string, []any, bool, error) {
		limit := max(p.Limit, 100)
		groups, ok, err := lake.TopFlowGroups(r, files, limit)
		if err != nil || !ok || len(groups) == 0 {
			return "", nil, false, err
		}
		rows := make([][]any, len(groups))
		for i := range groups {
			rows[i] = row(&groups[i])
		}
		text, args := valuesStatement(columns, rows, "ORDER BY ALL DESC\nLIMIT "+itoa(limit))
		return text, args, true, nil
	}
}

func groupBytes(g *lake.FlowGroup) any {
	if !g.HasBytes {
		return nil
	}
	return g.Bytes
}

var (
	summarizedTalkers = ranked(lake.FlowTalkers, "bytes HUGEINT, src_ip VARCHAR, dst_ip VARCHAR, flows BIGINT",
		func(g *lake.FlowGroup) []any {
			return []any{groupBytes(g), nullIfEmpty(g.Key[0]), nullIfEmpty(g.Key[1]), g.Flows}
		})
	summarizedEgress = ranked(lake.FlowEgress, "bytes HUGEINT, dst_ip VARCHAR, sources BIGINT, flows BIGINT",
		func(g *lake.FlowGroup) []any { return []any{groupBytes(g), g.Key[0], int64(len(g.Sources)), g.Flows} })
	summarizedAdmin = ranked(lake.FlowAdmin, "last_time TIMESTAMPTZ, src_ip VARCHAR, dst_ip VARCHAR, dst_port INTEGER, action VARCHAR, flows BIGINT",
		func(g *lake.FlowGroup) []any {
			port, _ := strconv.Atoi(g.Key[2])
			return []any{time.UnixMilli(g.Last).UTC(), g.Key[0], g.Key[1], int32(port), nullIfEmpty(g.Key[3]), g.Flows}
		})
)

// summarizedTraffic answers the traffic chart: bytes by bucket and action.
func summarizedTraffic(files []lake.SummarizedFlowFile, v view, p *Panel) (string, []any, bool, error) {
	bucket := bucketFor(v.To.Sub(v.From))
	sums, ok := lake.FlowTraffic(files, v.From, bucket)
	if !ok || len(sums) == 0 {
		return "", nil, false, nil
	}
	rows := make([][]any, len(sums))
	for i, s := range sums {
		series := s.Action
		if series == "" {
			series = "unknown"
		}
		var bytes int64
		if s.HasBytes {
			bytes = s.Bytes
		}
		rows[i] = []any{v.From.Add(time.Duration(s.Bucket) * bucket).UTC(), series, bytes}
	}
	text, args := valuesStatement("bucket TIMESTAMPTZ, series VARCHAR, value HUGEINT", rows, "ORDER BY 1, 2")
	return text, args, true, nil
}

// summarizedRejected answers the rejected flows by port: the ports tied
// with the panel's last one or above it.
func summarizedRejected(files []lake.SummarizedFlowFile, v view, p *Panel) (string, []any, bool, error) {
	ports := lake.FlowRejected(files)
	if len(ports) == 0 {
		return "", nil, false, nil
	}
	limit := cmp.Or(p.Limit, 10)
	slices.SortFunc(ports, func(a, b lake.FlowPort) int { return cmp.Compare(b.Flows, a.Flows) })
	if len(ports) > limit {
		last := ports[limit-1].Flows
		ports = slices.DeleteFunc(ports, func(q lake.FlowPort) bool { return q.Flows < last })
	}
	rows := make([][]any, len(ports))
	for i, q := range ports {
		var label any
		if q.HasPort {
			label = strconv.Itoa(int(q.Port))
		}
		rows[i] = []any{label, q.Flows}
	}
	text, args := valuesStatement("label VARCHAR, value BIGINT", rows, "ORDER BY 2 DESC, 1\nLIMIT "+itoa(limit))
	return text, args, true, nil
}

// fromSummaries is the statement, with its arguments, that gives the
// panel's rows from the flow summaries of the view's window, or false
// when the summaries cannot.
func (s *Server) fromSummaries(v view, p *Panel) (text string, args []any, ok bool, err error) {
	if p.Summarized == nil {
		return "", nil, false, nil
	}
	files, ok, err := lake.SummarizedFlowFiles(s.opt.Lake, v.From, v.To, v.Account, v.Region)
	if err != nil || !ok || len(files) == 0 {
		return "", nil, false, err
	}
	return p.Summarized(files, v, p)
}
