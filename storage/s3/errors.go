package s3

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// explain turns an SDK error into a message that names the bucket, what
// went wrong in words, and where the credentials came from, so that a user
// can tell a wrong profile from a missing permission. It never prints a
// secret: only the provider's name and, for files, their path.
func (c *Client) explain(ctx context.Context, err error, action, uri string) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return err
	}
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		// No answer from the server: either credentials could not be found,
		// or the endpoint could not be reached.
		if _, credErr := c.cfg.Credentials.Retrieve(ctx); credErr != nil {
			return fmt.Errorf("cannot %s %s: no usable AWS credentials (looked in: %s): %w", action, uri, c.credentialChain(), credErr)
		}
		return fmt.Errorf("cannot %s %s at %s: %w", action, uri, c.endpointName(), err)
	}
	var reason string
	switch code := apiErr.ErrorCode(); code {
	case "NoSuchBucket":
		reason = "the bucket does not exist"
	case "NoSuchKey":
		reason = "the object does not exist (deleted since it was listed?)"
	case "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist":
		reason = "the queue does not exist"
	case "AccessDenied", "AllAccessDisabled", "Forbidden":
		reason = "access denied"
	case "InvalidAccessKeyId", "XAdminUserNotFound": // the second is versitygw's
		reason = "the access key id is not known to the server"
	case "SignatureDoesNotMatch":
		reason = "the secret access key does not match the access key id"
	case "ExpiredToken", "TokenRefreshRequired", "InvalidToken", "ExpiredTokenException":
		reason = "the session token is expired or invalid"
	case "PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException":
		reason = fmt.Sprintf("the bucket is not in region %s%s: pass --region", c.cfg.Region, bucketRegionHint(err))
	default:
		switch statusOf(err) {
		case http.StatusForbidden:
			reason = "access denied"
		case http.StatusMovedPermanently:
			reason = fmt.Sprintf("the bucket is not in region %s%s: pass --region", c.cfg.Region, bucketRegionHint(err))
		case http.StatusNotFound:
			if code == "" || code == "NotFound" {
				reason = "not found"
			}
		}
	}
	if reason == "" {
		return fmt.Errorf("cannot %s %s: %w", action, uri, err)
	}
	msg := fmt.Sprintf("cannot %s %s: %s (credentials: %s; endpoint: %s; %s", action, uri, reason, c.credentialSource(ctx), c.endpointName(), apiErr.ErrorCode())
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.ServiceRequestID() != "" {
		msg += ", request id " + re.ServiceRequestID()
	}
	return &explainedError{msg: msg + ")", err: err}
}

// explainedError reads as the explanation alone; the SDK's error, with its
// request and host ids, stays reachable through errors.As.
type explainedError struct {
	msg string
	err error
}

func (e *explainedError) Error() string { return e.msg }
func (e *explainedError) Unwrap() error { return e.err }

func statusOf(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// bucketRegionHint names the region S3 says the bucket lives in, when the
// response carries it.
func bucketRegionHint(err error) string {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.Response != nil {
		if r := re.Response.Header.Get("X-Amz-Bucket-Region"); r != "" {
			return " (S3 says " + r + ")"
		}
	}
	return ""
}

// credentialSource describes where the SDK found credentials. The SDK's
// Source is a provider name, with a file path for shared files.
func (c *Client) credentialSource(ctx context.Context) string {
	creds, err := c.cfg.Credentials.Retrieve(ctx)
	if err != nil {
		return "none found"
	}
	source := creds.Source
	switch {
	case source == "EnvConfigCredentials":
		source = "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
	case strings.HasPrefix(source, "SharedConfigCredentials"):
		source = "shared credentials file" + strings.TrimPrefix(source, "SharedConfigCredentials")
	case source == "":
		source = "unnamed provider"
	}
	if c.profile != "" {
		source += ", profile " + c.profile
	}
	return source
}

func (c *Client) credentialChain() string {
	if c.profile != "" {
		return "profile " + c.profile + " in the shared config and credentials files"
	}
	return "environment, shared config and credentials files, SSO, container and instance roles"
}

func (c *Client) endpointName() string {
	if c.endpoint != "" {
		return redactURL(c.endpoint)
	}
	return "AWS S3 in " + c.cfg.Region
}

// redactURL hides the password of a URL's userinfo: an endpoint or queue
// URL may carry one, and messages end up in logs.
func redactURL(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Opaque == "" {
		return u.Redacted()
	}
	// Unparsable, or without "//" (key:secret@host parses as scheme "key"):
	// drop all that may be userinfo, up to the last '@'.
	if i := strings.LastIndex(raw, "@"); i >= 0 {
		if scheme, _, ok := strings.Cut(raw[:i], "://"); ok {
			return scheme + "://xxxxx@" + raw[i+1:]
		}
		return "xxxxx@" + raw[i+1:]
	}
	return raw
}
