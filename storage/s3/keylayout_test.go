package s3

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/source"
)

func TestDeliveryDay(t *testing.T) {
	f := func(kind source.Kind, key, want string) {
		t.Helper()
		got, ok := deliveryDay(kind, key)
		gotText := ""
		if ok {
			gotText = got.Format(time.DateOnly)
		}
		if gotText != want {
			t.Errorf("deliveryDay(%s, %q) = %q, want %q", kind, key, gotText, want)
		}
	}
	f(source.CloudTrail, "AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/05/x.json.gz", "2024-03-05")
	f(source.CloudTrail, "trails/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2024/12/31/x.json.gz", "2024-12-31")
	f(source.VPCFlow, "AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/03/05/10/x.log.gz", "2024-03-05")
	f(source.VPCFlow, "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-west-2/year=2024/month=02/day=29/hour=10/x.log.gz", "2024-02-29")
	f(source.VPCFlow, "AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-west-2/year=2023/month=02/day=29/x.log.gz", "")
	f(source.CloudTrail, "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/05/x.json.gz", "")
	f(source.CloudTrail, "AWSLogs/111122223333/vpcflowlogs/us-east-1/2024/03/05/x.log.gz", "")
	f(source.VPCFlow, "AWSLogs/o-a1b2c3d4e5/111122223333/vpcflowlogs/us-east-1/2024/03/05/x.log.gz", "")
	f(source.CloudTrail, "AWSLogs/1111/CloudTrail/us-east-1/2024/03/05/x.json.gz", "")
	f(source.CloudTrail, "AWSLogs/111122223333/CloudTrail/us-east-1/2024/13/05/x.json.gz", "")
	f(source.CloudTrail, "AWSLogs/111122223333/CloudTrail/us-east-1/2024/3/5/x.json.gz", "")
	f(source.CloudTrail, "AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/x.json.gz", "")
	f(source.CloudTrail, "exports/x.json.gz", "")
}

func TestWindow(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	f := func(from, to time.Time, wantDays []string) {
		t.Helper()
		w := NewWindow(from, to)
		days, ok := w.daysWithin(time.Time{}, day("9999-12-31"), 100)
		var got []string
		for _, d := range days {
			got = append(got, d.Format(time.DateOnly))
		}
		if !ok || strings.Join(got, " ") != strings.Join(wantDays, " ") {
			t.Errorf("NewWindow(%s, %s) days %v (%v), want %v", from, to, got, ok, wantDays)
		}
	}
	f(day("2024-03-05"), day("2024-03-06"), []string{"2024-03-05"})
	f(at("2024-03-05T23:00:00Z"), at("2024-03-06T00:00:01Z"), []string{"2024-03-05", "2024-03-06"})
	f(at("2024-03-05T23:00:00+02:00"), at("2024-03-05T23:30:00+02:00"), []string{"2024-03-05"})
	f(day("2024-02-28"), day("2024-03-02"), []string{"2024-02-28", "2024-02-29", "2024-03-01"})
	f(day("2024-03-05"), day("2024-03-05"), nil)

	w := NewWindow(day("2024-03-05"), time.Time{})
	if _, ok := w.daysWithin(time.Time{}, day("9999-12-31"), 100); ok {
		t.Error("an open-ended window enumerated its days")
	}
	if !w.Contains(day("2030-01-01")) || w.Contains(day("2024-03-04")) || !w.Overlaps(day("2024-01-01"), day("2024-03-05")) {
		t.Error("open-ended window bounds wrong")
	}
}

func TestDataFileName(t *testing.T) {
	f := func(rest, want string) {
		t.Helper()
		got, err := dataFileName(rest)
		if want == "" {
			if err == nil {
				t.Errorf("dataFileName(%q) = %q, want an error", rest, got)
			}
			return
		}
		if err != nil || got != want {
			t.Errorf("dataFileName(%q) = %q, %v; want %q", rest, got, err, want)
		}
	}
	f("48c42a18526e1c4409654c5587e35780.gz.parquet", "48c42a18526e1c4409654c5587e35780.gz.zstd.parquet")
	f("0123456789abcdef0123456789abcdef.zstd.parquet", "0123456789abcdef0123456789abcdef.zstd.parquet")
	f("part-00000-abc_1.parquet", "part-00000-abc_1.zstd.parquet")
	f("../x.parquet", "")
	f("a/b.parquet", "")
	f("..parquet", "")
	f(".x.parquet", "")
	f("_SUCCESS.parquet", "")
	f("x.json", "")
	f("", "")
}

func FuzzDeliveryDay(f *testing.F) {
	f.Add("AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/us-east-1/2024/03/05/x.json.gz")
	f.Add("AWSLogs/aws-account-id=111122223333/aws-service=vpcflowlogs/aws-region=us-west-2/year=2024/month=03/day=05/hour=10/x.log.gz")
	f.Fuzz(func(t *testing.T, key string) {
		for _, kind := range []source.Kind{source.CloudTrail, source.VPCFlow} {
			d, ok := deliveryDay(kind, key)
			if !ok {
				continue
			}
			// The day is written in the key as AWS writes it.
			p, _ := locate(kind, key)
			want := strings.TrimSuffix(datePath(position{level: levelYear, hive: p.hive}, d), "/")
			if !strings.Contains(key, want) {
				t.Fatalf("deliveryDay(%q) = %s, not in the key as %q", key, d.Format(time.DateOnly), want)
			}
		}
	})
}

func FuzzDataFileName(f *testing.F) {
	f.Add("48c42a18526e1c4409654c5587e35780.gz.parquet")
	f.Add("../../etc/passwd.parquet")
	f.Fuzz(func(t *testing.T, rest string) {
		name, err := dataFileName(rest)
		if err != nil {
			return
		}
		if filepath.Base(name) != name || strings.Contains(name, "..") || strings.HasPrefix(name, ".") ||
			!strings.HasSuffix(name, lake.DataFileSuffix) || filepath.IsAbs(name) {
			t.Fatalf("dataFileName(%q) = %q: not a safe data file name", rest, name)
		}
	})
}
