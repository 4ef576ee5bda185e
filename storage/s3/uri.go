package s3

import (
	"fmt"
	"strings"
)

// Location is a bucket and a key prefix. A non-empty prefix always ends
// with "/": s3://bucket/AWSLogs means the folder AWSLogs/, never also the
// keys that merely start with "AWSLogs".
type Location struct {
	Bucket string
	Prefix string
}

// String renders the location as an s3:// URI.
func (l Location) String() string { return "s3://" + l.Bucket + "/" + l.Prefix }

// ObjectURI names one object of the location's bucket.
func (l Location) ObjectURI(key string) string { return "s3://" + l.Bucket + "/" + key }

// IsURI tells whether a command argument names S3 rather than a local path.
func IsURI(arg string) bool { return strings.HasPrefix(arg, "s3://") }

// ParseURI parses s3://bucket[/prefix].
func ParseURI(uri string) (Location, error) {
	// The URI is echoed in errors, and someone may have pasted a
	// password into it.
	shown := redactURL(uri)
	rest, ok := strings.CutPrefix(uri, "s3://")
	if !ok {
		return Location{}, fmt.Errorf("invalid S3 URI %q: want s3://bucket/prefix", shown)
	}
	bucket, prefix, _ := strings.Cut(rest, "/")
	if strings.Contains(bucket, "@") {
		return Location{}, fmt.Errorf("invalid S3 URI %q: an S3 URI holds no user or password (credentials come from --profile or the AWS environment)", shown)
	}
	if !validBucketName(bucket) {
		return Location{}, fmt.Errorf("invalid S3 URI %q: %q is not a bucket name", shown, bucket)
	}
	prefix = strings.TrimLeft(prefix, "/")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	for _, seg := range strings.Split(strings.TrimSuffix(prefix, "/"), "/") {
		if prefix != "" && (seg == "" || seg == "." || seg == "..") {
			return Location{}, fmt.Errorf("invalid S3 URI %q: empty, . or .. path segment", shown)
		}
	}
	return Location{Bucket: bucket, Prefix: prefix}, nil
}

// validBucketName follows S3's naming rules loosely (3-63 characters of
// lower-case letters, digits, dots and hyphens); legacy buckets may hold
// upper case and underscores, which S3-compatible stores also allow.
func validBucketName(b string) bool {
	if len(b) < 3 || len(b) > 255 {
		return false
	}
	for _, r := range b {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
