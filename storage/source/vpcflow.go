package source

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// ErrTransitGatewayFlowLog rejects Transit Gateway flow logs. They share the
// delivery and the look of VPC Flow Logs but are another product: their
// fields (resource-type, tgw-id, packets-lost-*, ...) describe a transit
// gateway attachment, and they have no action, so they cannot be read as
// Network Activity of a VPC interface.
var ErrTransitGatewayFlowLog = errors.New("Transit Gateway flow logs are not VPC Flow Logs")

// FlowParser splits VPC Flow Logs text lines into fields. It is not safe for
// concurrent use.
type FlowParser struct {
	// layout is the format given to NewFlowParser or named by the last
	// header; nil lays each line out by AWS's default for its field count.
	layout []ocsf.FlowField
	// headerErr is the error of the last header when it was invalid: the
	// records below it cannot be laid out until a valid header comes.
	headerErr error
	record    ocsf.FlowFields
	tokens    [ocsf.NumFlowFields]string
}

// NewFlowParser returns a parser for lines in the given format (from an AWS
// LogFormat string, say); nil lays lines out by their header, or without one
// by AWS's default layout for their field count.
func NewFlowParser(format []ocsf.FlowField) *FlowParser {
	return &FlowParser{layout: slices.Clone(format)}
}

// ParseLine parses one line. A header line (its first token a field name,
// such as "version" or "account-id") sets the layout of the lines after it
// and returns isHeader. A blank line returns a nil record and no error.
// Headerless lines of 14, 29, 39 or 40 fields follow AWS's default layouts;
// any other count needs a header or a format.
//
// The record belongs to the parser and is overwritten by the next call; its
// strings share the memory of line. Splitting allocates nothing.
func (p *FlowParser) ParseLine(line string) (rec *ocsf.FlowFields, isHeader bool, err error) {
	n := splitFlowLine(line, &p.tokens)
	if n == 0 {
		return nil, false, nil
	}
	if isFlowHeaderName(p.tokens[0]) {
		return nil, true, p.setHeader(line)
	}
	if p.headerErr != nil {
		return nil, false, fmt.Errorf("record follows an invalid header: %w", p.headerErr)
	}
	if err := p.transitGatewayRecord(n); err != nil {
		return nil, false, err
	}
	layout := p.layout
	if layout == nil {
		var ok bool
		if layout, ok = ocsf.DefaultFlowFormat(n); !ok {
			return nil, false, fmt.Errorf("record has %d fields: without a header or a log format, only AWS's default layouts of 14, 29, 39 or 40 fields are known", n)
		}
	} else if n != len(layout) {
		return nil, false, fmt.Errorf("record has %d fields, its format names %d", n, len(layout))
	}
	p.record = ocsf.FlowFields{}
	for i, field := range layout {
		p.record[field] = p.tokens[i]
	}
	return &p.record, false, nil
}

func (p *FlowParser) setHeader(line string) error {
	layout, err := parseFlowFieldNames(strings.Fields(line), func(token string) string { return token })
	if err != nil {
		p.headerErr = fmt.Errorf("header %w", err)
		return p.headerErr
	}
	p.layout, p.headerErr = layout, nil
	return nil
}

// transitGatewayRecord recognises a headerless Transit Gateway line by AWS's
// default Transit Gateway layout: tgw-id and tgw-attachment-id are its fourth
// and fifth fields.
func (p *FlowParser) transitGatewayRecord(n int) error {
	if n < 5 || !strings.HasPrefix(p.tokens[3], "tgw-") || !strings.HasPrefix(p.tokens[4], "tgw-attach-") {
		return nil
	}
	return fmt.Errorf("%w: record of %d fields names transit gateway %s and attachment %s",
		ErrTransitGatewayFlowLog, n, p.tokens[3], p.tokens[4])
}

// ParseLogFormat parses an AWS LogFormat string ("${version} ${vpc-id} ...")
// into the layout of the lines it produces.
func ParseLogFormat(s string) ([]ocsf.FlowField, error) {
	tokens := strings.Fields(s)
	for _, token := range tokens {
		if !strings.HasPrefix(token, "${") || !strings.HasSuffix(token, "}") {
			return nil, fmt.Errorf("cannot parse log format %q: %q is not a ${field} reference", s, token)
		}
	}
	layout, err := parseFlowFieldNames(tokens, func(token string) string { return token[2 : len(token)-1] })
	if err != nil {
		return nil, fmt.Errorf("cannot parse log format %q: %w", s, err)
	}
	return layout, nil
}

// parseFlowFieldNames lays out a header or log format: name extracts each
// token's field name.
func parseFlowFieldNames(tokens []string, name func(string) string) ([]ocsf.FlowField, error) {
	if len(tokens) == 0 {
		return nil, errors.New("names no fields")
	}
	layout := make([]ocsf.FlowField, len(tokens))
	var seen [ocsf.NumFlowFields]bool
	for i, token := range tokens {
		fieldName := name(token)
		if isTransitGatewayFieldName(fieldName) {
			return nil, fmt.Errorf("%w: it names field %s", ErrTransitGatewayFlowLog, fieldName)
		}
		field, ok := ocsf.FlowFieldByName(fieldName)
		if !ok {
			return nil, fmt.Errorf("names unknown field %q", fieldName)
		}
		if seen[field] {
			return nil, fmt.Errorf("names field %s twice", fieldName)
		}
		seen[field] = true
		layout[i] = field
	}
	return layout, nil
}

func isFlowHeaderName(token string) bool {
	_, ok := ocsf.FlowFieldByName(token)
	return ok || isTransitGatewayFieldName(token)
}

// isTransitGatewayFieldName tells the fields only Transit Gateway flow logs
// have, in either spelling.
func isTransitGatewayFieldName(name string) bool {
	for _, prefix := range [...]string{"tgw-", "tgw_", "packets-lost-", "packets_lost_"} {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return name == "resource-type" || name == "resource_type"
}

// splitFlowLine stores the space-separated tokens of line in tokens and
// returns how many there are, counting those that did not fit.
func splitFlowLine(line string, tokens *[ocsf.NumFlowFields]string) int {
	n := 0
	for i := 0; i < len(line); {
		for i < len(line) && isFlowSpace(line[i]) {
			i++
		}
		if i == len(line) {
			break
		}
		start := i
		for i < len(line) && !isFlowSpace(line[i]) {
			i++
		}
		if n < len(tokens) {
			tokens[n] = line[start:i]
		}
		n++
	}
	return n
}

// isFlowSpace treats every ASCII control character as a space: AWS writes
// none inside fields, and one comparison keeps splitting fast.
func isFlowSpace(c byte) bool { return c <= ' ' }
