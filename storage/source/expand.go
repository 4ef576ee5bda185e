package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// logExtensions are the name endings (lower case) of files that a directory walk reads for each kind.
// ".gz" covers .json.gz, .log.gz, .jsonl.gz and friends. VPC Flow .csv is left out on purpose: AWS never
// delivers it, so a .csv in a log tree is someone's export; name it explicitly to read it.
var logExtensions = map[Kind][]string{
	CloudTrail: {".json", ".jsonl", ".ndjson", ".log", ".gz"},
	VPCFlow:    {".log", ".txt", ".gz", ".parquet"},
}

// Expand turns the PATH arguments into sources: a file, a directory walked recursively (sorted, deterministic
// order), or "-" for stdin (the given io.Reader). It skips, with a reason: CloudTrail digest and Insights
// files, files whose S3 key layout says they belong to the other kind, hidden files and directories,
// files whose name starts with an underscore (metadata to Athena, Hive and Spark),
// non-regular files, symbolic links to directories, paths listed twice, and files whose extension is not
// a log extension for the kind. A file named on the command line is read whatever its name, unless it is
// a digest or Insights file. A missing path is an error naming it.
func Expand(kind Kind, paths []string, stdin io.Reader) ([]Source, []Skipped, error) {
	if _, ok := logExtensions[kind]; !ok {
		return nil, nil, fmt.Errorf("cannot expand inputs of unknown kind %d", kind)
	}
	e := expansion{kind: kind, seen: map[string]bool{}}
	for _, p := range paths {
		if p == "-" {
			if err := e.addStdin(stdin); err != nil {
				return nil, nil, err
			}
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot read input: %w", err)
		}
		if !info.IsDir() {
			if reason := SkipReason(kind, p, true); reason != "" {
				e.skip(p, reason)
			} else {
				e.addFile(p, info)
			}
			continue
		}
		if err := e.walk(p); err != nil {
			return nil, nil, err
		}
	}
	return e.sources, e.skipped, nil
}

type expansion struct {
	kind      Kind
	sources   []Source
	skipped   []Skipped
	seen      map[string]bool // absolute paths already added
	stdinUsed bool
}

func (e *expansion) skip(name, reason string) {
	e.skipped = append(e.skipped, Skipped{Name: name, Reason: reason})
}

func (e *expansion) addStdin(stdin io.Reader) error {
	if e.stdinUsed {
		return errors.New(`cannot read stdin ("-") twice`)
	}
	if stdin == nil {
		return errors.New(`cannot read stdin ("-"): no standard input given`)
	}
	e.stdinUsed = true
	e.sources = append(e.sources, Source{
		Name: "-",
		Size: -1,
		Open: func() (io.ReadCloser, error) { return Decompress(io.NopCloser(stdin)) },
	})
	return nil
}

func (e *expansion) addFile(name string, info fs.FileInfo) {
	key, err := filepath.Abs(name)
	if err != nil {
		key = filepath.Clean(name)
	}
	if e.seen[key] {
		e.skip(name, "listed more than once")
		return
	}
	e.seen[key] = true
	size := info.Size()
	if !info.Mode().IsRegular() { // a pipe or device named on the command line: its size means nothing
		size = -1
	}
	e.sources = append(e.sources, Source{
		Name:    name,
		Size:    size,
		ModTime: info.ModTime(),
		Open: func() (io.ReadCloser, error) {
			f, err := os.Open(name)
			if err != nil {
				return nil, err
			}
			return Decompress(f)
		},
	})
}

// walk adds the files under root in lexical order (fs.WalkDir sorts each directory). Unreadable
// subdirectories are skipped with the reason rather than failing the run, so one bad permission does not
// hide the rest of a log tree.
func (e *expansion) walk(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return fmt.Errorf("cannot read input: %w", err)
			}
			e.skip(path, fmt.Sprintf("cannot read: %v", pathErrorCause(err)))
			return nil
		}
		if d.IsDir() {
			if path != root && isHidden(d.Name()) {
				e.skip(path, "hidden directory")
				return fs.SkipDir
			}
			return nil
		}
		info, err := os.Stat(path) // follows a symbolic link to what it names
		switch {
		case err != nil:
			e.skip(path, fmt.Sprintf("cannot read: %v", pathErrorCause(err)))
		case info.IsDir():
			e.skip(path, "symbolic link to a directory (not followed)")
		case !info.Mode().IsRegular():
			e.skip(path, "not a regular file")
		default:
			if reason := SkipReason(e.kind, path, false); reason != "" {
				e.skip(path, reason)
			} else {
				e.addFile(path, info)
			}
		}
		return nil
	})
}

// SkipReason tells why the file at path is not read, or "" to read it. The rules work on slash- or
// OS-separated paths alike, so S3 keys can go through them too.
func SkipReason(kind Kind, path string, explicit bool) string {
	segments := strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == filepath.Separator })
	base := ""
	if len(segments) > 0 {
		base = segments[len(segments)-1]
	}
	switch {
	case hasSegment(segments, "CloudTrail-Digest") || strings.Contains(base, "_CloudTrail-Digest_"):
		return "CloudTrail digest file (integrity hashes, no events)"
	case hasSegment(segments, "CloudTrail-Insight") || strings.Contains(base, "_CloudTrail-Insight_"):
		return "CloudTrail Insights file (not API activity)"
	case explicit:
		return ""
	case kind == CloudTrail && (hasLayoutSegment(segments, "vpcflowlogs") || hasSegment(segments, "aws-service=vpcflowlogs") ||
		strings.Contains(base, "_vpcflowlogs_")):
		return "VPC Flow Logs file (not CloudTrail)"
	case kind == VPCFlow && (hasLayoutSegment(segments, "CloudTrail") || hasSegment(segments, "aws-service=cloudtrail") ||
		strings.Contains(base, "_CloudTrail_")):
		return "CloudTrail file (not VPC Flow Logs)"
	case isHidden(base):
		return "hidden file"
	case strings.HasPrefix(base, "_"):
		// Athena, Hive and Spark read no file whose name starts with an
		// underscore (_SUCCESS, _metadata, the generator's _incidents.json).
		return "metadata file (name starts with _)"
	}
	lower := strings.ToLower(base)
	for _, ext := range logExtensions[kind] {
		if strings.HasSuffix(lower, ext) {
			return ""
		}
	}
	return fmt.Sprintf("not a %s file extension (%s)", kind, strings.Join(logExtensions[kind], " "))
}

func hasSegment(segments []string, name string) bool {
	for _, s := range segments {
		if s == name {
			return true
		}
	}
	return false
}

// hasLayoutSegment reports whether name is a segment below AWSLogs/, where AWS puts the service name; a
// user's own directory called CloudTrail higher up says nothing about the files.
func hasLayoutSegment(segments []string, name string) bool {
	for i, s := range segments {
		if s == "AWSLogs" {
			return hasSegment(segments[i+1:], name)
		}
	}
	return false
}

// pathErrorCause drops the operation and path from a *fs.PathError, which the skip entry already names.
func pathErrorCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func isHidden(name string) bool { return strings.HasPrefix(name, ".") && name != "." && name != ".." }
