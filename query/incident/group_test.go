package incident

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/query/hunt"
)

// The linking rules on findings described by their own fields (no
// evidence events): who links, and for how long.
func TestGroupFindings(t *testing.T) {
	at := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	finding := func(minute int, account, actor, ip string) hunt.Finding {
		start := at.Add(time.Duration(minute) * time.Minute)
		return hunt.Finding{HuntID: fmt.Sprintf("h%d", minute), FirstTime: start, LastTime: start.Add(time.Minute),
			Account: account, Actor: actor, SrcIP: ip, Severity: hunt.SeverityLow}
	}
	const alice, bob = "arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob"
	// Evidence for the findings that need it: alice creates a user.
	const backdoor = "arn:aws:iam::111111111111:user/backdoor"
	events := map[string]*event{
		"create-backdoor": {UID: "create-backdoor", Account: "111111111111", Principal: alice, PrincipalType: "IAMUser",
			Origin: alice, OriginType: "IAMUser", TargetUser: backdoor},
		"update-backdoor": {UID: "update-backdoor", Account: "111111111111", Principal: bob, PrincipalType: "IAMUser",
			Origin: bob, OriginType: "IAMUser", TargetUser: backdoor},
	}
	withEvidence := func(fd hunt.Finding, uid string) hunt.Finding {
		fd.EvidenceUIDs = []string{uid}
		return fd
	}
	long := func(minute, minutes int, actor string) hunt.Finding {
		fd := finding(minute, "111111111111", actor, "")
		fd.LastTime = fd.FirstTime.Add(time.Duration(minutes) * time.Minute)
		return fd
	}
	f := func(name string, want [][]int, fs ...hunt.Finding) {
		t.Helper()
		ds := make([]*described, len(fs))
		index := map[*described]int{}
		for i, fd := range fs {
			ds[i] = describe(fd, nil, events)
			index[ds[i]] = i
		}
		var got [][]int
		for _, g := range groupFindings(ds, DefaultGap) {
			var members []int
			for _, d := range g {
				members = append(members, index[d])
			}
			got = append(got, members)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: groups %v, want %v", name, got, want)
		}
	}
	f("one principal within the gap", [][]int{{0, 1}},
		finding(0, "111111111111", alice, "192.0.2.1"), finding(120, "111111111111", alice, "192.0.2.99"))
	f("one principal past the gap", [][]int{{0}, {1}},
		finding(0, "111111111111", alice, "192.0.2.1"), finding(122, "111111111111", alice, "192.0.2.99"))
	f("the gap runs from the last of the group", [][]int{{0, 1, 2}},
		finding(0, "111111111111", alice, ""), finding(100, "111111111111", alice, ""), finding(200, "111111111111", alice, ""))
	f("two principals from one public address", [][]int{{0}, {1}},
		finding(0, "111111111111", alice, "198.51.100.7"), finding(30, "111111111111", bob, "198.51.100.7"))
	f("two principals from one /24", [][]int{{0}, {1}},
		finding(0, "111111111111", alice, "198.51.100.7"), finding(30, "111111111111", bob, "198.51.100.8"))
	f("a scan from the /24 of a principal", [][]int{{0, 1}},
		finding(0, "111111111111", "198.51.100.77", "198.51.100.77"), finding(10, "111111111111", alice, "198.51.100.7"))
	f("a scan does not bridge two principals of its /24", [][]int{{0, 1}, {2}},
		finding(0, "111111111111", "198.51.100.77", "198.51.100.77"), finding(10, "111111111111", alice, "198.51.100.7"),
		finding(20, "111111111111", bob, "198.51.100.8"))
	f("one principal's addresses in one /64", [][]int{{0, 1}},
		finding(0, "111111111111", "2001:db8:1:2::5", "2001:db8:1:2::5"), finding(10, "111111111111", alice, "2001:db8:1:2::77"))
	f("a private address in two accounts", [][]int{{0}, {1}},
		finding(0, "111111111111", "10.0.0.5", "10.0.0.5"), finding(10, "222222222222", "10.0.0.5", "10.0.0.5"))
	f("a private address in one account", [][]int{{0, 1}},
		finding(0, "111111111111", "10.0.0.5", "10.0.0.5"), finding(10, "111111111111", "i-0123456789abcdef0", "10.0.0.5"))
	f("an instance", [][]int{{0, 1}},
		finding(0, "111111111111", "i-0123456789abcdef0", ""), finding(10, "111111111111", "i-0123456789abcdef0", "203.0.113.9"))
	f("a user created, then acting", [][]int{{0, 1}},
		withEvidence(finding(0, "111111111111", alice, ""), "create-backdoor"), finding(30, "111111111111", backdoor, "203.0.113.9"))
	f("two changes to one user", [][]int{{0}, {1}},
		withEvidence(finding(0, "111111111111", alice, ""), "create-backdoor"), withEvidence(finding(30, "111111111111", bob, ""), "update-backdoor"))
	f("a finding longer than the gap reaches from its start", [][]int{{0}, {1}},
		long(0, 600, alice), finding(300, "111111111111", alice, ""))
	f("services link nothing", [][]int{{0}, {1}},
		finding(0, "111111111111", "ec2.amazonaws.com", ""), finding(10, "111111111111", "ec2.amazonaws.com", ""))
}

func TestOrderTactics(t *testing.T) {
	ids, names := orderTactics([]string{"TA0010", "TA0007", "TA9999", "TA0001", "TA0007"})
	if want := []string{"TA0001", "TA0007", "TA0010", "TA9999"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("order %v, want %v", ids, want)
	}
	if want := []string{"Initial Access", "Discovery", "Exfiltration", "TA9999"}; !reflect.DeepEqual(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
}

func TestSeverityRisesWithTactics(t *testing.T) {
	medium := []hunt.Finding{{Severity: hunt.SeverityMedium}, {Severity: hunt.SeverityLow}}
	f := func(hunts, tactics int, want hunt.Severity) {
		t.Helper()
		names := make([]string, tactics)
		ids := make([]string, hunts)
		got, reason := severityOf(medium, ids, names)
		if got != want || (got != hunt.SeverityMedium) != (reason != "") {
			t.Errorf("%d hunts, %d tactics: %s (%q), want %s", hunts, tactics, got, reason, want)
		}
	}
	f(2, 2, hunt.SeverityMedium)
	f(2, 3, hunt.SeverityHigh)
	f(2, 5, hunt.SeverityCritical)
	f(1, 5, hunt.SeverityMedium) // one hunt tagged with many tactics is one step
}

// A filter hunt fires once per event: the summary tells its findings once.
func TestSummaryTellsRepeatsOnce(t *testing.T) {
	at := time.Date(2024, 3, 5, 9, 0, 0, 0, time.UTC)
	var group []*described
	for i := range 3 {
		f := hunt.Finding{HuntID: "offensive_tool_user_agent", Title: "Offensive tool user agent", Severity: hunt.SeverityHigh,
			FirstTime: at.Add(time.Duration(i) * time.Minute), LastTime: at.Add(time.Duration(i) * time.Minute),
			Account: "111111111111", Actor: "arn:aws:iam::111111111111:user/alice", SrcIP: "203.0.113.9", Summary: fmt.Sprintf("kali, call %d", i), EventCount: 1}
		group = append(group, describe(f, nil, nil))
	}
	inc := assemble(group)
	want := "arn:aws:iam::111111111111:user/alice from 203.0.113.9, between 2024-03-05 09:00:00Z and 09:02:00Z: " +
		"Offensive tool user agent, 3 times over 3 events (first: kali, call 0). 3 findings from 1 hunt over 3 events in account 111111111111."
	if inc.Summary != want {
		t.Errorf("summary\n%s\nwant\n%s", inc.Summary, want)
	}
}

// An incident's evidence uids are what a set of them would give sorted:
// each once, no empty one, an empty list rather than nil.
func TestDistinctSorted(t *testing.T) {
	f := func(in, want []string) {
		t.Helper()
		var s set
		for _, v := range in {
			s.add(v)
		}
		if got := distinctSorted(in); !reflect.DeepEqual(got, want) || !reflect.DeepEqual(got, s.sorted()) {
			t.Errorf("distinctSorted(%q) = %q, set gives %q, want %q", in, got, s.sorted(), want)
		}
	}
	f(nil, []string{})
	f([]string{""}, []string{})
	f([]string{"b", "a", "b", "", "c", "a"}, []string{"a", "b", "c"})
}
