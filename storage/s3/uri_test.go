package s3

import (
	"strings"
	"testing"
)

func TestParseURI(t *testing.T) {
	f := func(uri, wantBucket, wantPrefix, wantErr string) {
		t.Helper()
		loc, err := ParseURI(uri)
		if wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), wantErr) {
				t.Errorf("ParseURI(%q) = %+v, %v; want an error with %q", uri, loc, err, wantErr)
			}
			return
		}
		if err != nil || loc.Bucket != wantBucket || loc.Prefix != wantPrefix {
			t.Errorf("ParseURI(%q) = %+v, %v; want bucket %q prefix %q", uri, loc, err, wantBucket, wantPrefix)
		}
	}
	f("s3://trail", "trail", "", "")
	f("s3://trail/", "trail", "", "")
	f("s3://trail/AWSLogs", "trail", "AWSLogs/", "")
	f("s3://aws-security-data-lake-us-east-1-abc/aws/CLOUD_TRAIL_MGMT/2.0/", "aws-security-data-lake-us-east-1-abc", "aws/CLOUD_TRAIL_MGMT/2.0/", "")
	f("s3://trail//AWSLogs/", "trail", "AWSLogs/", "")
	f("/local/path", "", "", "want s3://bucket/prefix")
	f("s3://", "", "", "is not a bucket name")
	f("s3://ab/x", "", "", "is not a bucket name")
	f("s3://bad bucket/x", "", "", "is not a bucket name")
	f("s3://trail/a/../b", "", "", "empty, . or .. path segment")
	f("s3://trail/a//b", "", "", "empty, . or .. path segment")
	f("s3://AKIAEXAMPLE:s3cr3t@trail/x", "", "", "holds no user or password")
	f("/local/s3cr3t@x", "", "", "want s3://bucket/prefix")
}

// A password pasted into an S3 URI is not echoed back.
func TestParseURIDoesNotEchoPasswords(t *testing.T) {
	for _, uri := range []string{"s3://AKIAEXAMPLE:s3cr3t@trail/x", "s3://:s3cr3t@trail", "http://k:s3cr3t@host/b", "s3://k:s3cr3t@trail/../x"} {
		_, err := ParseURI(uri)
		if err == nil {
			t.Fatalf("ParseURI(%q) accepted a URI with a password", uri)
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("ParseURI(%q) error shows the password: %v", uri, err)
		}
	}
}
