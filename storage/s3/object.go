package s3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

// maxResumes bounds how often one object read picks up again after the
// connection broke. The SDK retries a request until its response starts;
// a body cut short later is this reader's to resume.
const maxResumes = 5

// objectReader streams an object and, when the body breaks off, asks for
// the rest with a Range request. Every request carries If-Match with the
// listed ETag, so the bytes read all belong to the version the manifest
// will record.
type objectReader struct {
	ctx     context.Context
	c       *Client
	o       object
	off     int64
	body    io.ReadCloser
	resumes int
}

func newObjectReader(ctx context.Context, c *Client, o object) *objectReader {
	return &objectReader{ctx: ctx, c: c, o: o}
}

func (r *objectReader) Read(p []byte) (int, error) {
	for {
		if r.body == nil {
			if err := r.open(); err != nil {
				return 0, err
			}
		}
		n, err := r.body.Read(p)
		r.off += int64(n)
		if err == io.EOF && r.off < r.o.Size {
			err = io.ErrUnexpectedEOF
		}
		if err == nil || err == io.EOF {
			return n, err
		}
		r.body.Close()
		r.body = nil
		if r.resumes == maxResumes || r.ctx.Err() != nil {
			return n, fmt.Errorf("cannot read %s at byte %d: %w", r.o.uri(), r.off, err)
		}
		r.resumes++
		if n > 0 {
			return n, nil
		}
		select {
		case <-time.After(time.Duration(r.resumes) * 200 * time.Millisecond):
		case <-r.ctx.Done():
			return 0, r.ctx.Err()
		}
	}
}

func (r *objectReader) open() error {
	in := &awss3.GetObjectInput{Bucket: aws.String(r.o.Bucket), Key: aws.String(r.o.Key)}
	if r.o.ETag != "" {
		in.IfMatch = aws.String(`"` + r.o.ETag + `"`)
	}
	if r.off > 0 {
		in.Range = aws.String(fmt.Sprintf("bytes=%d-", r.off))
	}
	out, err := r.c.S3.GetObject(r.ctx, in)
	if err != nil {
		var apiErr smithy.APIError
		if errors.As(err, &apiErr) && apiErr.ErrorCode() == "PreconditionFailed" {
			return fmt.Errorf("cannot read %s: the object changed since it was listed (ETag %s); the next run reads the new version", r.o.uri(), r.o.ETag)
		}
		return r.c.explain(r.ctx, err, "read", r.o.uri())
	}
	r.body = out.Body
	return nil
}

func (r *objectReader) Close() error {
	if r.body == nil {
		return nil
	}
	err := r.body.Close()
	r.body = nil
	return err
}
