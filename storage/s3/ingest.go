package s3

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lakehunt/lakehunt/storage/ingest"
	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

// IngestRequest is an ingest from S3 into a lake, as 'lakehunt ingest
// cloudtrail|vpcflow s3://...' runs it: the objects under URIs listed once,
// or polled every Interval with Follow, or the objects named by the S3 event
// notifications of an SQS queue.
type IngestRequest struct {
	Client *Client
	// Ingest is the lake, the kind of log and the pipeline's settings.
	Ingest ingest.Request
	URIs   []string
	// From and To list only the delivery day folders of [From, To); zero
	// leaves a side open.
	From, To time.Time
	Follow   bool
	Interval time.Duration
	// QueueURL, when set, ingests what the queue's messages name; URIs,
	// Follow and the window do not apply.
	QueueURL string
	// OnSummary hears the summary of each pipeline run (one per poll or
	// batch of messages that found something new), as it ends.
	OnSummary func(*ingest.Summary)
	// OnError hears the failures a followed or queued ingest goes on
	// after: a failed poll, a message left in the queue for a later try.
	OnError func(error)
}

// Ingest runs the request: once, or with Follow or QueueURL until ctx
// ends, which is a normal end. It returns how many records the committed
// runs rejected; they are recorded in the manifest, as with local files.
func Ingest(ctx context.Context, req IngestRequest) (rejected int64, err error) {
	switch {
	case req.QueueURL != "" && (len(req.URIs) > 0 || req.Follow || !req.From.IsZero() || !req.To.IsZero()):
		return 0, errors.New("a queue names its own objects: it takes no URIs, no follow and no window")
	case req.QueueURL == "" && len(req.URIs) == 0:
		return 0, errors.New("no s3:// URI to ingest")
	}
	for _, uri := range req.URIs {
		if !IsURI(uri) {
			return 0, fmt.Errorf("cannot ingest %s from S3: not an s3:// URI", uri)
		}
	}
	table, err := lake.TableOf(req.Ingest.Kind)
	if err != nil {
		return 0, err
	}
	kind := req.Ingest.Kind
	ingested := func() (func(string, string) bool, error) { return IngestedObjects(req.Ingest.Lake, table) }
	run := func(ctx context.Context, sources []source.Source, skipped []source.Skipped) error {
		sum, err := ingest.Sources(ctx, req.Ingest, sources, skipped)
		if sum != nil && req.OnSummary != nil {
			req.OnSummary(sum)
		}
		if err != nil {
			return fmt.Errorf("ingest stopped: %w", err)
		}
		rejected += sum.Rejected
		return nil
	}
	switch {
	case req.QueueURL != "":
		q := &Queue{Client: req.Client, URL: req.QueueURL, Kind: kind, Ingested: ingested, Ingest: run, OnError: req.OnError}
		err = q.Run(ctx)
	case req.Follow:
		f := &Follow{Client: req.Client, Kind: kind, URIs: req.URIs, From: req.From, To: req.To, Interval: req.Interval,
			Ingested: ingested, Ingest: run, OnError: req.OnError}
		err = f.Run(ctx)
	default:
		err = ingestOnce(ctx, req, ingested, run)
	}
	return rejected, err
}

// ingestOnce lists every URI against one reading of the manifest, then
// runs the pipeline over all of them together.
func ingestOnce(ctx context.Context, req IngestRequest, ingested IngestedFunc, run IngestFunc) error {
	known, err := ingested()
	if err != nil {
		return err
	}
	var sources []source.Source
	var skipped []source.Skipped
	for _, uri := range req.URIs {
		s, sk, err := ExpandS3(ctx, req.Client, req.Ingest.Kind, uri, req.From, req.To, WithIngested(known))
		if err != nil {
			return err
		}
		sources = append(sources, s...)
		skipped = append(skipped, sk...)
	}
	return run(ctx, sources, skipped)
}
