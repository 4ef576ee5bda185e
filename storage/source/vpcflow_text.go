package source

import (
	"bufio"
	"errors"
	"fmt"
	"io"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// MaxFlowLineBytes bounds one line of flow log text. AWS's longest layout,
// with its ECS ARNs, stays under 2 KiB; a longer line is not a flow record.
const MaxFlowLineBytes = 64 << 10

// DecodeFlowText streams decompressed VPC Flow Logs text line by line and
// calls emit for each record with its 0-based index among the records
// (header and blank lines are not records). A line that cannot be parsed,
// or is longer than MaxFlowLineBytes with its newline, is emitted as an error
// naming its line number, and decoding carries on. The record is valid until
// emit returns.
//
// An invalid header is not emitted: every record below it carries its error.
// Decoding stops at the first error emit returns, or that reading returns.
func DecodeFlowText(r io.Reader, format []ocsf.FlowField, emit func(index int, rec *ocsf.FlowFields, err error) error) error {
	reader := bufio.NewReaderSize(r, MaxFlowLineBytes)
	parser := NewFlowParser(format)
	index := 0
	for lineNumber := 1; ; lineNumber++ {
		chunk, readErr := reader.ReadSlice('\n')
		if errors.Is(readErr, bufio.ErrBufferFull) {
			if readErr = skipRestOfLine(reader); readErr != nil && readErr != io.EOF {
				return fmt.Errorf("cannot read flow log line %d: %w", lineNumber, readErr)
			}
			if err := emit(index, nil, fmt.Errorf("line %d is longer than %d bytes", lineNumber, MaxFlowLineBytes)); err != nil {
				return err
			}
			index++
		} else if readErr != nil && readErr != io.EOF {
			return fmt.Errorf("cannot read flow log line %d: %w", lineNumber, readErr)
		} else if len(chunk) > 0 {
			// The one allocation per line: the record's fields share it.
			rec, isHeader, err := parser.ParseLine(string(chunk))
			switch {
			case isHeader:
			case err != nil:
				if err := emit(index, nil, fmt.Errorf("line %d: %w", lineNumber, err)); err != nil {
					return err
				}
				index++
			case rec != nil:
				if err := emit(index, rec, nil); err != nil {
					return err
				}
				index++
			}
		}
		if readErr == io.EOF {
			return nil
		}
	}
}

// skipRestOfLine discards the rest of a line that overflowed the buffer.
func skipRestOfLine(reader *bufio.Reader) error {
	for {
		_, err := reader.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}
