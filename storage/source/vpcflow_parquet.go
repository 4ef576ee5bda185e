package source

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// flowParquetBatch is how many rows ReadFlowParquet holds at once.
const flowParquetBatch = 256

// ReadFlowParquet streams a flow log delivered as Parquet (AWS's
// "parquet" file format: one column per field, named with underscores such as
// account_id and pkt_srcaddr), calling emit for each row with its 0-based
// index. Numbers become their decimal text and nulls "-", as in text
// delivery, so MapFlow treats both alike; columns that are not flow fields
// are ignored. Rows are read in batches, so memory stays bounded whatever the
// file's size. The record is valid until emit returns.
func ReadFlowParquet(r io.ReaderAt, size int64, emit func(index int, rec *ocsf.FlowFields) error) error {
	file, err := parquet.OpenFile(r, size)
	if err != nil {
		return fmt.Errorf("cannot open flow log parquet: %w", err)
	}
	columns, err := flowParquetColumns(file.Schema())
	if err != nil {
		return err
	}
	rows := make([]parquet.Row, flowParquetBatch)
	var rec ocsf.FlowFields
	index := 0
	for _, group := range file.RowGroups() {
		if err := readFlowRowGroup(group, columns, rows, &rec, &index, emit); err != nil {
			return err
		}
	}
	return nil
}

// flowParquetColumns maps each leaf column to its flow field, -1 for columns
// that are not flow fields.
func flowParquetColumns(schema *parquet.Schema) ([]ocsf.FlowField, error) {
	paths := schema.Columns()
	columns := make([]ocsf.FlowField, len(paths))
	known := 0
	for i, path := range paths {
		columns[i] = -1
		if len(path) != 1 {
			continue
		}
		if isTransitGatewayFieldName(path[0]) {
			return nil, fmt.Errorf("%w: the parquet file has column %s", ErrTransitGatewayFlowLog, path[0])
		}
		if field, ok := ocsf.FlowFieldByName(path[0]); ok {
			columns[i] = field
			known++
		}
	}
	if known == 0 {
		return nil, errors.New("the parquet file has no VPC Flow Logs column (version, account_id, srcaddr, ...)")
	}
	return columns, nil
}

func readFlowRowGroup(group parquet.RowGroup, columns []ocsf.FlowField, rows []parquet.Row, rec *ocsf.FlowFields,
	index *int, emit func(int, *ocsf.FlowFields) error) error {
	reader := group.Rows()
	defer reader.Close()
	for {
		n, readErr := reader.ReadRows(rows)
		for _, row := range rows[:n] {
			*rec = ocsf.FlowFields{}
			for _, value := range row {
				if field := columns[value.Column()]; field >= 0 {
					rec[field] = flowParquetText(value)
				}
			}
			if err := emit(*index, rec); err != nil {
				return err
			}
			*index++
		}
		if readErr == io.EOF {
			return nil
		}
		if readErr != nil {
			return fmt.Errorf("cannot read flow log parquet row %d: %w", *index, readErr)
		}
	}
}

// flowParquetText renders a value as text delivery writes it. Byte arrays
// are copied because the reader reuses its buffers between batches.
func flowParquetText(v parquet.Value) string {
	if v.IsNull() {
		return "-"
	}
	switch v.Kind() {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return string(v.ByteArray())
	case parquet.Int32:
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	case parquet.Boolean:
		return strconv.FormatBool(v.Boolean())
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'f', -1, 32)
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'f', -1, 64)
	}
	return v.String()
}
