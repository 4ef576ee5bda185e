// Package s3 reads raw AWS logs from S3 buckets into the ingest pipeline,
// copies Security Lake partitions between S3 and the local lake, and
// describes the lake to Athena.
package s3

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/middleware"
)

// Config selects credentials, region and endpoint. Empty fields fall back
// to the SDK's standard chain: environment, shared config and credentials
// files, SSO, container and instance roles.
type Config struct {
	Profile string
	Region  string
	// EndpointURL points at an S3-compatible store; AWS_ENDPOINT_URL and
	// AWS_ENDPOINT_URL_S3 do the same. Either one switches to path-style
	// addressing, which such stores expect.
	EndpointURL string
	// MaxAttempts bounds the tries of one request (0: defaultMaxAttempts).
	MaxAttempts int
}

// Throttling (503 SlowDown) comes in bursts when many objects are fetched at
// once, so a request gets more tries than the SDK's default of three.
const defaultMaxAttempts = 8

// defaultRegion is used when neither the flag, the environment nor the
// profile names one: S3 needs a region to sign requests, and an S3-compatible
// store accepts any.
const defaultRegion = "us-east-1"

// Client talks to S3 (and SQS) with one configuration and counts the
// requests it makes, for the summary and for tests.
type Client struct {
	S3 *awss3.Client

	cfg      aws.Config
	profile  string
	endpoint string
	stats    *requestCounts
}

// NewClient loads the configuration. It does not contact AWS: credentials
// are resolved on the first request.
func NewClient(ctx context.Context, c Config) (*Client, error) {
	attempts := c.MaxAttempts
	if attempts <= 0 {
		attempts = defaultMaxAttempts
	}
	stats := &requestCounts{}
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = attempts
				o.MaxBackoff = 20 * time.Second
				// The client-side retry quota would turn a burst of throttling
				// into failures; backoff alone paces a batch job.
				o.RateLimiter = ratelimit.None
			})
		}),
		config.WithAPIOptions([]func(*middleware.Stack) error{stats.register}),
	}
	if c.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.Profile))
	}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot load AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = defaultRegion
	}
	endpoint := c.EndpointURL
	if endpoint == "" {
		endpoint = firstNonEmpty(os.Getenv("AWS_ENDPOINT_URL_S3"), os.Getenv("AWS_ENDPOINT_URL"))
	}
	client := &Client{cfg: cfg, profile: c.Profile, endpoint: endpoint, stats: stats}
	client.S3 = awss3.NewFromConfig(cfg, func(o *awss3.Options) {
		// Ranged reads (a resumed body) carry no whole-object checksum;
		// the SDK would print a line on stderr for each.
		o.DisableLogOutputChecksumValidationSkipped = true
		if c.EndpointURL != "" {
			o.BaseEndpoint = aws.String(c.EndpointURL)
		}
		if endpoint != "" {
			o.UsePathStyle = true
		}
	})
	return client, nil
}

// Region is the region requests are signed for.
func (c *Client) Region() string { return c.cfg.Region }

// RequestCounts are the requests a client has sent, retries included.
type RequestCounts struct {
	List, Get, Head, Put, Delete, Other int64
}

// Requests returns the counts so far.
func (c *Client) Requests() RequestCounts { return c.stats.snapshot() }

type requestCounts struct {
	list, get, head, put, del, other atomic.Int64
}

func (r *requestCounts) snapshot() RequestCounts {
	return RequestCounts{List: r.list.Load(), Get: r.get.Load(), Head: r.head.Load(), Put: r.put.Load(), Delete: r.del.Load(), Other: r.other.Load()}
}

// register counts in the finalize step, after the retry middleware, so that
// every attempt on the wire counts once.
func (r *requestCounts) register(stack *middleware.Stack) error {
	return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("lakehuntRequestCount",
		func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
			r.counter(middleware.GetOperationName(ctx)).Add(1)
			return next.HandleFinalize(ctx, in)
		}), middleware.After)
}

func (r *requestCounts) counter(op string) *atomic.Int64 {
	switch op {
	case "ListObjectsV2":
		return &r.list
	case "GetObject":
		return &r.get
	case "HeadObject", "HeadBucket":
		return &r.head
	case "PutObject":
		return &r.put
	case "DeleteObject", "DeleteObjects":
		return &r.del
	}
	return &r.other
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
