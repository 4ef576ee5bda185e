package s3

import (
	"bytes"
	"compress/gzip"
	"context"
	"go/build"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
)

const (
	testAccessKey = "LAKEHUNTTESTKEY"
	testSecretKey = "lakehunt-test-secret-0123456789"
)

// versity is a versitygw process serving a temporary directory on loopback.
type versity struct {
	Endpoint string
	Root     string
}

// startVersity starts versitygw with the posix backend and points the AWS
// SDK's environment at it, isolated from the user's own AWS files. Without
// the binary the test is skipped, except in CI (CI set), where it fails:
// .ci/install-versitygw.sh installs it.
func startVersity(t testing.TB) *versity {
	t.Helper()
	bin := versityBinary()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("versitygw is not installed (run .ci/install-versitygw.sh)")
		}
		t.Skip("versitygw is not installed: run .ci/install-versitygw.sh to run the S3 tests")
	}
	root := t.TempDir()
	addr := freeLoopbackAddr(t)
	cmd := exec.Command(bin, "--access", testAccessKey, "--secret", testSecretKey, "--port", addr, "--quiet", "posix", root)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("cannot start versitygw: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() && logs.Len() > 0 {
			t.Logf("versitygw output:\n%s", logs.String())
		}
	})
	isolateAWSEnv(t, testAccessKey, testSecretKey)
	deadline := time.Now().Add(15 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("versitygw did not listen on %s within 15 s: %v\n%s", addr, err, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return &versity{Endpoint: "http://" + addr, Root: root}
}

func versityBinary() string {
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	gobin := os.Getenv("GOBIN")
	if gobin == "" {
		gobin = filepath.Join(build.Default.GOPATH, "bin")
	}
	p := filepath.Join(gobin, "versitygw")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ""
}

func freeLoopbackAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// isolateAWSEnv gives the SDK these static keys and nothing of the user's
// configuration, and keeps it off the instance metadata service.
func isolateAWSEnv(t testing.TB, access, secret string) {
	t.Helper()
	none := filepath.Join(t.TempDir(), "none")
	t.Setenv("AWS_ACCESS_KEY_ID", access)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_DEFAULT_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", none)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", none)
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
}

// client returns a client of the server with a fresh bucket.
func (v *versity) client(t testing.TB, bucket string) *Client {
	t.Helper()
	ctx := context.Background()
	c, err := NewClient(ctx, Config{EndpointURL: v.Endpoint, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.S3.CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("cannot create bucket %s: %v", bucket, err)
	}
	return c
}

// uploadTree copies the files under dir to the bucket, keyed by their path
// below dir; the files gz picks are gzipped and get ".gz" appended, as AWS
// delivers logs.
func uploadTree(t *testing.T, c *Client, bucket, dir string, gz func(rel string) bool) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		key := filepath.ToSlash(rel)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if gz(key) {
			data = gzipBytes(t, data)
			key += ".gz"
		}
		putObject(t, c, bucket, key, data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func putObject(t testing.TB, c *Client, bucket, key string, data []byte) {
	t.Helper()
	_, err := c.S3.PutObject(context.Background(), &awss3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data)})
	if err != nil {
		t.Fatalf("cannot put %s: %v", key, err)
	}
}

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// onlyLogs gzips log files and leaves the rest as they are.
func onlyLogs(rel string) bool {
	return strings.HasSuffix(rel, ".json") || strings.HasSuffix(rel, ".log")
}
