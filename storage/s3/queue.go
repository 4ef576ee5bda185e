package s3

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/lakehunt/lakehunt/storage/source"
)

// Queue consumes S3 event notifications from an SQS queue and ingests the
// objects they name. A batch of messages is deleted only after the
// pipeline has committed every object in it; when ingest fails, or the
// process dies first, the messages become visible again after the queue's
// visibility timeout and are ingested then (the manifest makes that
// harmless). A message that is not an S3 notification stays in the queue
// for the queue's redrive policy to move aside.
type Queue struct {
	Client   *Client
	URL      string
	Kind     source.Kind
	Ingested IngestedFunc
	Ingest   IngestFunc
	// Wait is the long poll of one receive (0: 20 s, the most SQS allows).
	Wait time.Duration
	// OnError hears messages left in the queue and failed receives.
	OnError func(error)
}

const maxReceiveBatch = 10

// Run consumes until ctx ends, which is a normal end: it returns nil then.
// It fails at once only when the first receive fails (a wrong URL, no
// permission); later failures are reported and retried.
func (q *Queue) Run(ctx context.Context) error {
	client, err := q.Client.queueClient(q.URL)
	if err != nil {
		return err
	}
	wait := q.Wait
	if wait <= 0 {
		wait = 20 * time.Second
	}
	report := func(err error) {
		if q.OnError != nil {
			q.OnError(err)
		}
	}
	for received := false; ctx.Err() == nil; {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl:            aws.String(q.URL),
			MaxNumberOfMessages: maxReceiveBatch,
			WaitTimeSeconds:     int32(wait / time.Second),
		})
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			err = q.Client.explain(ctx, err, "receive from", redactURL(q.URL))
			if !received {
				return err
			}
			report(err)
			sleep(ctx, wait)
			continue
		}
		received = true
		if len(out.Messages) > 0 {
			if err := q.handle(ctx, client, out.Messages, report); err != nil {
				report(err)
			}
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// handle ingests the objects of one batch of messages and deletes the
// messages once that is committed.
func (q *Queue) handle(ctx context.Context, client *sqs.Client, msgs []types.Message, report func(error)) error {
	var objs []object
	var handled []types.Message
	for _, m := range msgs {
		found, err := parseNotification(aws.ToString(m.Body))
		if err != nil {
			report(fmt.Errorf("SQS message %s left in the queue: %w", aws.ToString(m.MessageId), err))
			continue
		}
		objs = append(objs, found...)
		handled = append(handled, m)
	}
	if len(objs) > 0 {
		sources, skipped, err := q.sources(ctx, objs)
		if err != nil {
			return fmt.Errorf("%d SQS messages left in the queue: %w", len(handled), err)
		}
		if err := q.Ingest(ctx, sources, skipped); err != nil {
			return fmt.Errorf("%d SQS messages left in the queue: %w", len(handled), err)
		}
	}
	return q.delete(ctx, client, handled)
}

func (q *Queue) sources(ctx context.Context, objs []object) ([]source.Source, []source.Skipped, error) {
	var keep []object
	var skipped []source.Skipped
	seen := map[object]bool{}
	for _, o := range objs {
		if seen[o] {
			continue
		}
		seen[o] = true
		if reason := source.SkipReason(q.Kind, o.Key, false); reason != "" {
			skipped = append(skipped, source.Skipped{Name: o.uri(), Reason: reason})
			continue
		}
		if o.ETag == "" {
			head, err := q.Client.S3.HeadObject(ctx, &awss3.HeadObjectInput{Bucket: aws.String(o.Bucket), Key: aws.String(o.Key)})
			if err != nil {
				return nil, nil, q.Client.explain(ctx, err, "read", o.uri())
			}
			o.ETag, o.Size = normalizeETag(aws.ToString(head.ETag)), aws.ToInt64(head.ContentLength)
		}
		keep = append(keep, o)
	}
	cfg := expandConfig{prefetch: defaultPrefetchLimits}
	if q.Ingested != nil {
		ingested, err := q.Ingested()
		if err != nil {
			return nil, nil, err
		}
		cfg.ingested = ingested
	}
	return newPrefetcher(ctx, q.Client, keep, cfg).sources(), skipped, nil
}

func (q *Queue) delete(ctx context.Context, client *sqs.Client, msgs []types.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	entries := make([]types.DeleteMessageBatchRequestEntry, len(msgs))
	for i, m := range msgs {
		entries[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: m.ReceiptHandle}
	}
	out, err := client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: aws.String(q.URL), Entries: entries})
	if err != nil {
		return q.Client.explain(ctx, err, "delete messages from", redactURL(q.URL))
	}
	if len(out.Failed) > 0 {
		f := out.Failed[0]
		return fmt.Errorf("cannot delete %d of %d SQS messages (they will be delivered again, and skipped as ingested): %s: %s",
			len(out.Failed), len(msgs), aws.ToString(f.Code), aws.ToString(f.Message))
	}
	return nil
}

var sqsHost = regexp.MustCompile(`^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$`)

// queueClient talks to the service that serves the queue URL: AWS in the
// URL's region, or the host of an SQS-compatible server.
func (c *Client) queueClient(queueURL string) (*sqs.Client, error) {
	u, err := url.Parse(queueURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("invalid SQS queue URL %q: want https://sqs.<region>.amazonaws.com/<account>/<queue>", redactURL(queueURL))
	}
	host := u.Hostname()
	return sqs.NewFromConfig(c.cfg, func(o *sqs.Options) {
		if m := sqsHost.FindStringSubmatch(host); m != nil {
			o.Region = m[1]
		} else if !strings.HasSuffix(host, ".amazonaws.com") {
			o.BaseEndpoint = aws.String(u.Scheme + "://" + u.Host)
		}
	}), nil
}
