package ingest

import (
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/source"
)

// FlowConfig holds what flow records may not carry themselves.
type FlowConfig struct {
	// Region and AccountID are used when neither the record nor the S3 key
	// layout of its source names them (--region, --account).
	Region, AccountID string
	// Format is the field layout of headerless files (--log-format).
	Format []ocsf.FlowField
	// Now bounds plausible record times.
	Now time.Time
}

// VPCFlowOptions returns the pipeline options for VPC Flow Logs. Flow
// records carry no id, so repeated deliveries are recognised per source
// object (the manifest), not per record.
func VPCFlowOptions(cfg FlowConfig) Options[ocsf.FlowEvent] {
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	return Options[ocsf.FlowEvent]{
		Table:   lake.VPCFlow,
		Decode:  flowDecoder(cfg),
		ClassOf: func(e *ocsf.FlowEvent) Class { return Class{UID: e.ClassUID, Name: e.ClassName} },
		view:    viewFlow,
	}
}

// Account and region in AWS's delivery keys, plain or Hive-compatible.
var (
	flowKeyLayout = regexp.MustCompile(`AWSLogs/(?:o-[a-z0-9]+/)?([0-9]{12})/vpcflowlogs/([a-z0-9-]+)/`)
	flowHiveKey   = regexp.MustCompile(`aws-account-id=([0-9]{12})/aws-service=vpcflowlogs/aws-region=([a-z0-9-]+)/`)
)

func flowDefaults(name string, cfg FlowConfig) ocsf.FlowDefaults {
	d := ocsf.FlowDefaults{Region: cfg.Region, AccountID: cfg.AccountID}
	slashed := strings.ReplaceAll(name, `\`, "/")
	for _, re := range []*regexp.Regexp{flowKeyLayout, flowHiveKey} {
		if m := re.FindStringSubmatch(slashed); m != nil {
			return ocsf.FlowDefaults{AccountID: m[1], Region: m[2]}
		}
	}
	return d
}

func flowDecoder(cfg FlowConfig) Decoder[ocsf.FlowEvent] {
	return func(ctx context.Context, src source.Source, emit func(lake.Row[ocsf.FlowEvent]) error, reject func(int64, error)) error {
		defaults := flowDefaults(src.Name, cfg)
		record := func(index int, rec *ocsf.FlowFields, err error) error {
			if err != nil {
				reject(int64(index), err)
				return nil
			}
			if index%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			ev, meta, err := ocsf.MapFlow(rec, defaults)
			if err != nil {
				reject(int64(index), err)
				return nil
			}
			t := time.UnixMilli(ev.Time)
			if err := checkNotFuture(t, cfg.Now); err != nil {
				reject(int64(index), err)
				return nil
			}
			part, err := lake.NewPartition(meta.Region, meta.AccountID, t)
			if err != nil {
				reject(int64(index), err)
				return nil
			}
			return emit(lake.Row[ocsf.FlowEvent]{Value: ev, Part: part, TimeMs: ev.Time, ThenMs: ev.EndTimeDt, Order: lake.FlowOrder(&ev)})
		}
		rc, err := src.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		if strings.HasSuffix(src.Name, ".parquet") {
			return decodeFlowParquet(rc, record)
		}
		return source.DecodeFlowText(rc, cfg.Format, record)
	}
}

// decodeFlowParquet spools the object to a temporary file when it is not a
// local file already: Parquet is read from its footer, so it needs random access.
func decodeFlowParquet(rc io.Reader, record func(int, *ocsf.FlowFields, error) error) error {
	tmp, err := os.CreateTemp("", "lakehunt-flow-*.parquet")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	size, err := io.Copy(tmp, rc)
	if err != nil {
		return fmt.Errorf("cannot read parquet flow log: %w", err)
	}
	return source.ReadFlowParquet(tmp, size, func(index int, rec *ocsf.FlowFields) error {
		return record(index, rec, nil)
	})
}
