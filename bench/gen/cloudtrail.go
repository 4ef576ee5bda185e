package gen

import (
	"context"
	"path"
	"slices"
	"time"
)

// GenerateCloudTrail writes cfg.Events CloudTrail records as AWS delivers
// them: one .json.gz file per account, region and five minutes, holding
// {"Records":[...]}, under AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/.
// With cfg.Incidents it also plants the incidents and records them in
// _incidents.json.
func GenerateCloudTrail(ctx context.Context, cfg Config) (Stats, error) {
	if err := cfg.normalise(time.Now()); err != nil {
		return Stats{}, err
	}
	org := newOrg(cfg.Seed, cfg.Accounts, cfg.Regions)
	set := &cloudTrailFiles{cfg: &cfg, org: org}
	set.counts = plan(fileWeights(&cfg, org, 0.4), cfg.Events)
	if cfg.Incidents {
		planted, err := plantIncidents(&cfg, org, "cloudtrail", plantCloudTrailIncidents, func(pc plannedCall) (int, int, int) {
			return pc.slot(&cfg), pc.tmpl.account.Index, regionIndex(org, pc.tmpl.region)
		})
		if err != nil {
			return Stats{}, err
		}
		for _, calls := range planted {
			slices.SortStableFunc(calls, func(a, b plannedCall) int { return a.tmpl.at.Compare(b.tmpl.at) })
		}
		set.planted = planted
	}
	return writeFiles(ctx, cfg.Out, set, cfg.Workers)
}

// fileWeights is each file's share of the records: a daily rhythm (people
// work office hours on weekdays; workloads never stop), busier accounts
// and a home region, and noise so no two slots look alike. Files are
// indexed slot-major, then account, then region.
func fileWeights(cfg *Config, org *Org, humanShare float64) []float64 {
	r := newRNG(cfg.Seed, streamSlots)
	slots := cfg.slots()
	accounts, regions := len(org.Accounts), len(org.Regions)
	weights := make([]float64, 0, slots*accounts*regions)
	for s := 0; s < slots; s++ {
		t := cfg.Start.Add(time.Duration(s) * slotLength)
		human := 0.1
		if h := t.Hour(); h >= 13 && h < 23 && t.Weekday() != time.Saturday && t.Weekday() != time.Sunday {
			human = 1
		}
		slotWeight := (1 - humanShare + humanShare*human) * r.logNormal(1, 0.25)
		for a := 0; a < accounts; a++ {
			for g := 0; g < regions; g++ {
				weights = append(weights, slotWeight*accountShare(org, a)*regionWeights[g])
			}
		}
	}
	return weights
}

func accountShare(org *Org, a int) float64 {
	prev := 0.0
	if a > 0 {
		prev = org.accountPick.cum[a-1]
	}
	return org.accountPick.cum[a] - prev
}

func regionIndex(org *Org, region string) int { return slices.Index(org.Regions, region) }

type cloudTrailFiles struct {
	cfg     *Config
	org     *Org
	counts  []int32
	planted map[int][]plannedCall
}

func (f *cloudTrailFiles) len() int { return len(f.counts) }

func (f *cloudTrailFiles) render(i int, b []byte) (string, []byte, int) {
	planted := f.planted[i]
	n := int(f.counts[i])
	if n+len(planted) == 0 {
		return "", b, 0
	}
	accounts, regions := len(f.org.Accounts), len(f.org.Regions)
	region := f.org.Regions[i%regions]
	account := f.org.Accounts[(i/regions)%accounts]
	slotStart := f.cfg.Start.Add(time.Duration(i/(regions*accounts)) * slotLength)
	r := newRNG(f.cfg.Seed, streamFile, 1, uint64(i))

	offsets := make([]int32, n)
	for k := range offsets {
		offsets[k] = int32(r.intn(int(slotLength / time.Second)))
	}
	slices.Sort(offsets)
	b = append(b, `{"Records":[`...)
	var c call
	p, written := 0, 0
	separate := func() {
		if written > 0 {
			b = append(b, ',')
		}
		written++
	}
	for k := 0; k <= n; k++ {
		var at time.Time
		if k < n {
			at = slotStart.Add(time.Duration(offsets[k]) * time.Second)
		}
		for p < len(planted) && (k == n || !planted[p].tmpl.at.After(at)) {
			separate()
			planted[p].render(&c, r, f.cfg.Seed, f.org)
			b = appendRecord(b, &c)
			p++
		}
		if k == n {
			break
		}
		separate()
		newBaselineCall(&c, r, f.cfg.Seed, f.org, account, region, at)
		b = appendRecord(b, &c)
	}
	b = append(b, "]}\n"...)

	// AWS names a file by its delivery time, a few minutes after the
	// events it holds, and files it under the delivery day.
	delivered := slotStart.Add(slotLength + time.Duration(r.intn(240))*time.Second)
	name := account.ID + "_CloudTrail_" + region + "_" + delivered.Format("20060102T1504Z") + "_" + r.text(alphaNum, 16) + ".json.gz"
	rel := path.Join("AWSLogs", account.ID, "CloudTrail", region, delivered.Format("2006/01/02"), name)
	return rel, b, n + len(planted)
}
