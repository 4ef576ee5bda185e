package lake

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// Issuing calls: each data file of a table with Issuing gets a copy of
// its successful calls that issue temporary credentials (AssumeRole and
// the others of IssuingOperations), beside the manifest, in the file's
// schema, written and committed with it (FileEntry.Issuing), their
// request and response documents cut to what a trace reads of them
// (issuing_json.go). The engine's issuing_calls, which every session trace
// starts from, reads them instead of the data files.
//
// Why: those calls are spread over every page of every file, so reading
// them from the data files decompressed the window's request and response
// JSON in full: 3.6–4.2 of the 7.5 CPU-s of 'investigate principal' over
// the 30 days of the medium bench lake (2-core AMD EPYC, bench scenario
// 6).

// IssuingOperations are the CloudTrail calls that issue temporary
// credentials, as the engine's sessions read them.
var IssuingOperations = []string{"AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetFederationToken", "GetSessionToken"}

// issuingPath is where the issuing calls of a data file live: the data
// file's own path under _lakehunt/issuing, so that a reader partitions
// them by the same directories.
func issuingPath(root string, t Table, p Partition, dataFile string) string {
	return filepath.Join(root, metaDir, "issuing", filepath.FromSlash(t.Path()), p.Path(), dataFile)
}

// IssuingFile is the file of the issuing calls of the committed data file
// at path, or "" when it has none (written before them, or pulled from
// Security Lake): then its calls are in it alone.
func IssuingFile(root string, t Table, path string) string {
	if !t.Issuing {
		return ""
	}
	p, ok := PartitionOf(root, t, path)
	if !ok {
		return ""
	}
	issuing := issuingPath(root, t, p, filepath.Base(path))
	if !fileExists(issuing) {
		return ""
	}
	return issuing
}

// issuingCopy is the copy of a row value that is a successful issuing
// call, its request and response documents cut to what a trace reads
// (issuingDocuments), or nil for any other value.
func issuingCopy(v any) *ocsf.CloudTrailEvent {
	e, ok := v.(*ocsf.CloudTrailEvent)
	if !ok || !slices.Contains(IssuingOperations, e.API.Operation) || (e.API.Response != nil && e.API.Response.Error != "") {
		return nil
	}
	c := *e
	if e.API.Request != nil {
		r := *e.API.Request
		r.Data = keepJSONPaths(r.Data, issuingDocuments["api.request.data"])
		c.API.Request = &r
	}
	if e.API.Response != nil {
		r := *e.API.Response
		r.Data = keepJSONPaths(r.Data, issuingDocuments["api.response.data"])
		c.API.Response = &r
	}
	return &c
}

// issuingWriterOptions are those of the copies: the data files'
// encodings without the bloom filters, which their readers read whole
// anyway, and small pages, as a writer buffers a page for each of a
// hundred columns and the copies hold a tenth of a file's rows.
func issuingWriterOptions(t Table) []parquet.WriterOption {
	return append(encodingOptions(t), parquet.PageBufferSize(16<<10))
}

// issuingFile is the file of the issuing calls of one data file, under
// its temporary name until a commit.
type issuingFile struct {
	final string
	f     *os.File
	buf   *bufio.Writer
}

func createIssuingFile(root string, t Table, p Partition, dataFinal string) (*issuingFile, error) {
	final := issuingPath(root, t, p, filepath.Base(dataFinal))
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(TempName(final), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	return &issuingFile{final: final, f: f, buf: bufio.NewWriterSize(f, 256<<10)}, nil
}

// finish closes the Parquet writer w and the file, synced, and returns
// its final path.
func (iw *issuingFile) finish(w io.Closer) (string, error) {
	err := w.Close()
	if err == nil {
		err = iw.buf.Flush()
	}
	if err == nil {
		err = iw.f.Sync()
	}
	if cerr := iw.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(TempName(iw.final))
		return "", fmt.Errorf("cannot write issuing calls %s: %w", filepath.Base(iw.final), err)
	}
	return iw.final, nil
}

// discard closes and removes the unfinished file.
func (iw *issuingFile) discard() {
	iw.f.Close()
	os.Remove(TempName(iw.final))
}

// issuingRows tells the issuing calls among rows read from a file of the
// schema, and copies them, as issuingCopy does row values.
type issuingRows struct {
	operation, errorColumn int
	documents              map[int][][]string // the paths kept of a column's JSON
}

func newIssuingRows(schema *parquet.Schema) issuingRows {
	r := issuingRows{operation: -1, errorColumn: -1, documents: map[int][][]string{}}
	if leaf, ok := schema.Lookup("api", "operation"); ok {
		r.operation = leaf.ColumnIndex
	}
	if leaf, ok := schema.Lookup("api", "response", "error"); ok {
		r.errorColumn = leaf.ColumnIndex
	}
	for column, paths := range issuingDocuments {
		if leaf, ok := schema.Lookup(strings.Split(column, ".")...); ok {
			r.documents[leaf.ColumnIndex] = paths
		}
	}
	return r
}

// copyOf is the copy of an issuing call's row: its documents cut.
func (r issuingRows) copyOf(row parquet.Row) parquet.Row {
	out := row.Clone()
	for i, v := range out {
		if paths, ok := r.documents[v.Column()]; ok && !v.IsNull() {
			kept := keepJSONPaths(string(v.ByteArray()), paths)
			out[i] = parquet.ByteArrayValue([]byte(kept)).Level(v.RepetitionLevel(), v.DefinitionLevel(), v.Column())
		}
	}
	return out
}

func (r issuingRows) is(row parquet.Row) bool {
	var operation string
	for _, v := range row {
		switch v.Column() {
		case r.operation:
			if !v.IsNull() {
				operation = string(v.ByteArray())
			}
		case r.errorColumn:
			if !v.IsNull() && len(v.ByteArray()) > 0 {
				return false
			}
		}
	}
	return slices.Contains(IssuingOperations, operation)
}
