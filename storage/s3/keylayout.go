package s3

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lakehunt/lakehunt/storage/source"
)

// AWS delivers logs under keys of these shapes (with any key prefix before
// AWSLogs/):
//
//	AWSLogs/[o-<org>/]<account>/CloudTrail/<region>/YYYY/MM/DD/<file>
//	AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/[HH/]<file>
//	AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=YYYY/month=MM/day=DD/[hour=HH/]<file>
//
// level is how far into that shape a key prefix has come: the kind of the
// next segment.
type level int

const (
	levelAbove      level = iota // before AWSLogs/
	levelAccount                 // after AWSLogs/: an org id, an account or aws-account-id=
	levelOrgAccount              // after an org id: an account
	levelService                 // CloudTrail, vpcflowlogs, aws-service=...
	levelRegion
	levelYear
	levelMonth
	levelDay
	levelInDay // below a day folder: hour folders or files
)

// position is a point in the layout, with the date parts seen so far.
type position struct {
	level       level
	hive        bool
	year, month int
	day         int
	// datesListed is set once a date folder was listed rather than its days
	// enumerated: the window is long, so the levels below are listed too.
	datesListed bool
}

var (
	orgPattern     = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)
	regionPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
)

// serviceSegment is the folder of the kind's logs; a sibling such as
// CloudTrail-Digest or CloudTrail-Insight is never entered, so its objects
// are neither listed nor fetched.
func serviceSegment(kind source.Kind, hive bool) string {
	switch {
	case kind == source.CloudTrail && !hive:
		return "CloudTrail"
	case kind == source.VPCFlow && hive:
		return "aws-service=vpcflowlogs"
	case kind == source.VPCFlow:
		return "vpcflowlogs"
	}
	return ""
}

// advance moves past one key segment, reporting false when the segment does
// not continue the kind's layout.
func advance(kind source.Kind, p position, seg string) (position, bool) {
	switch p.level {
	case levelAbove:
		if seg == "AWSLogs" {
			p.level = levelAccount
		}
		return p, true
	case levelAccount:
		if orgPattern.MatchString(seg) && kind == source.CloudTrail {
			p.level = levelOrgAccount
			return p, true
		}
		if acct, ok := strings.CutPrefix(seg, "aws-account-id="); ok && accountPattern.MatchString(acct) {
			p.hive = true
			p.level = levelService
			return p, true
		}
		p.level = levelService
		return p, accountPattern.MatchString(seg)
	case levelOrgAccount:
		p.level = levelService
		return p, accountPattern.MatchString(seg)
	case levelService:
		p.level = levelRegion
		return p, seg == serviceSegment(kind, p.hive)
	case levelRegion:
		if p.hive {
			var ok bool
			if seg, ok = strings.CutPrefix(seg, "aws-region="); !ok {
				return p, false
			}
		}
		p.level = levelYear
		return p, regionPattern.MatchString(seg)
	case levelYear:
		p.level = levelMonth
		var ok bool
		p.year, ok = datePart(seg, p.hive, "year=", 4, 1970, 9999)
		return p, ok
	case levelMonth:
		p.level = levelDay
		var ok bool
		p.month, ok = datePart(seg, p.hive, "month=", 2, 1, 12)
		return p, ok
	case levelDay:
		p.level = levelInDay
		var ok bool
		p.day, ok = datePart(seg, p.hive, "day=", 2, 1, 31)
		if ok && dayOf(p).Day() != p.day { // 2024/02/31
			return p, false
		}
		return p, ok
	}
	return p, true
}

func datePart(seg string, hive bool, hiveName string, width, lo, hi int) (int, bool) {
	if hive {
		var ok bool
		if seg, ok = strings.CutPrefix(seg, hiveName); !ok {
			return 0, false
		}
	}
	if len(seg) != width {
		return 0, false
	}
	n, err := strconv.Atoi(seg)
	if err != nil || n < lo || n > hi || seg[0] == '+' || seg[0] == '-' {
		return 0, false
	}
	return n, true
}

func dayOf(p position) time.Time {
	return time.Date(p.year, time.Month(p.month), p.day, 0, 0, 0, 0, time.UTC)
}

// locate walks the segments of a key or key prefix through the layout. It
// reports false when a segment below AWSLogs/ leaves the kind's layout.
func locate(kind source.Kind, key string) (position, bool) {
	p := position{level: levelAbove}
	segs := strings.Split(key, "/")
	if strings.HasSuffix(key, "/") || key == "" {
		segs = segs[:len(segs)-1]
	}
	for _, seg := range segs {
		if p.level == levelInDay {
			break
		}
		var ok bool
		if p, ok = advance(kind, p, seg); !ok {
			return p, false
		}
	}
	return p, true
}

// deliveryDay is the UTC day in an object key's AWS layout. AWS names the
// folder after the delivery time, which trails the events by minutes, so a
// day's folder can hold the last events of the day before.
func deliveryDay(kind source.Kind, key string) (time.Time, bool) {
	p, ok := locate(kind, key)
	if !ok || p.level != levelInDay {
		return time.Time{}, false
	}
	return dayOf(p), true
}

// datePath is the remaining key path of day d from a date level.
func datePath(p position, d time.Time) string {
	y, m, day := d.Date()
	parts := []string{strconv.Itoa(y), twoDigits(int(m)), twoDigits(day)}
	names := []string{"year=", "month=", "day="}
	first := int(p.level - levelYear)
	var b strings.Builder
	for i := first; i < 3; i++ {
		if p.hive {
			b.WriteString(names[i])
		}
		b.WriteString(parts[i])
		b.WriteByte('/')
	}
	return b.String()
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// span is the range of days a date level holds, given the parts seen.
func span(p position) (first, last time.Time) {
	switch p.level {
	case levelMonth: // the year is known
		return time.Date(p.year, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(p.year, 12, 31, 0, 0, 0, 0, time.UTC)
	case levelDay: // the month is known
		first = time.Date(p.year, time.Month(p.month), 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(0, 1, -1)
	case levelInDay:
		return dayOf(p), dayOf(p)
	}
	return time.Time{}, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
}
