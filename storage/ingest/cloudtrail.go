package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/source"
)

// CloudTrail events outside [earliestCloudTrail, now+futureSlack] are
// rejected: CloudTrail did not exist before 2006 and never stamps events
// ahead of delivery, so such a time is corruption, and accepting it would
// scatter stray partitions across the lake. Flow records get only the
// future bound: published flow log samples use arbitrary old epochs.
var earliestCloudTrail = time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)

const futureSlack = 24 * time.Hour

func checkCloudTrailTime(t, now time.Time) error {
	if t.Before(earliestCloudTrail) {
		return fmt.Errorf("event time %s is before 2006", t.UTC().Format(time.RFC3339))
	}
	return checkNotFuture(t, now)
}

func checkNotFuture(t, now time.Time) error {
	if t.After(now.Add(futureSlack)) {
		return fmt.Errorf("event time %s is in the future", t.UTC().Format(time.RFC3339))
	}
	return nil
}

// CloudTrailOptions returns the pipeline options for CloudTrail. Events go
// to the table of their stream, as in Security Lake: management events to
// CLOUD_TRAIL_MGMT, S3 data events to S3_DATA, Lambda data events to
// LAMBDA_EXECUTION (ocsf.CloudTrailStream says which events are which). The
// sources are recorded under CLOUD_TRAIL_MGMT, each in the commit that
// holds the last of its rows in any of the three tables.
func CloudTrailOptions(now time.Time) Options[ocsf.CloudTrailEvent] {
	return Options[ocsf.CloudTrailEvent]{
		Table:   lake.CloudTrail,
		Decode:  cloudTrailDecoder(now),
		ClassOf: func(e *ocsf.CloudTrailEvent) Class { return Class{UID: e.ClassUID, Name: e.ClassName} },
		Dedup:   true,
		view:    viewCloudTrail,
	}
}

func cloudTrailDecoder(now time.Time) Decoder[ocsf.CloudTrailEvent] {
	mapRecord := func(index int64, raw []byte) (lake.Row[ocsf.CloudTrailEvent], error) {
		ev, meta, err := ocsf.MapCloudTrail(raw)
		if err != nil {
			return lake.Row[ocsf.CloudTrailEvent]{}, err
		}
		t := time.UnixMilli(ev.Time)
		if err := checkCloudTrailTime(t, now); err != nil {
			return lake.Row[ocsf.CloudTrailEvent]{}, err
		}
		part, err := lake.NewPartition(meta.Region, meta.AccountID, t)
		if err != nil {
			return lake.Row[ocsf.CloudTrailEvent]{}, err
		}
		table, err := lake.TableOfStream(meta.Stream)
		if err != nil {
			return lake.Row[ocsf.CloudTrailEvent]{}, err
		}
		return lake.Row[ocsf.CloudTrailEvent]{Value: ev, Table: table.Source, Part: part, TimeMs: ev.Time, Key: meta.Key}, nil
	}
	batches := &sync.Pool{}
	return func(ctx context.Context, src source.Source, emit func(lake.Row[ocsf.CloudTrailEvent]) error, reject func(int64, error)) error {
		rc, err := src.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		mapper := newParallelMapper(batches, mapRecord, emit, reject)
		decodeErr := source.DecodeCloudTrail(rc, func(rec source.RawRecord) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if rec.Err != nil {
				reject(int64(rec.Index), rec.Err)
				return nil
			}
			return mapper.add(int64(rec.Index), rec.Data)
		})
		// Records read before a broken end of file (a truncated gzip) are
		// kept; after a write failure or a cancel nothing more is emitted.
		var fatal *FatalError
		emitRest := ctx.Err() == nil && !errors.As(decodeErr, &fatal)
		finishErr := mapper.finish(emitRest)
		if decodeErr != nil {
			return decodeErr
		}
		return finishErr
	}
}
