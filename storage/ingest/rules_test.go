package ingest

import (
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/storage/lake"
	"github.com/lakehunt/lakehunt/storage/ocsf"
	"github.com/lakehunt/lakehunt/storage/source"
)

func TestParseRule(t *testing.T) {
	f := func(text, want string) {
		t.Helper()
		r, err := ParseRule(true, text, "--drop")
		if err != nil {
			t.Errorf("%q: %v", text, err)
			return
		}
		if got := r.String(); got != want {
			t.Errorf("%q: got %q, want %q", text, got, want)
		}
	}
	f("principal=*CspmMonitorAws*", "drop principal=*CspmMonitorAws*")
	f("  Principal=DefenderForCloud-*   eventsource=iam.amazonaws.com ", "drop principal=DefenderForCloud-* eventsource=iam.amazonaws.com")
	f(`useragent="aws-cli/2.* os/macos*"`, `drop useragent="aws-cli/2.* os/macos*"`)
	f(`useragent=""`, `drop useragent=""`)
	f("srcaddr=10.0.0.0/8 dstport=1024-65535 action=reject", "drop srcaddr=10.0.0.0/8 dstport=1024-65535 action=reject")
	f("principal!=arn:aws:iam::111122223333:user/dana eventname=Describe* # scanners", "drop principal!=arn:aws:iam::111122223333:user/dana eventname=Describe*")
	f("useragent=md/awscrt#0.19*", "drop useragent=md/awscrt#0.19*")
}

func TestParseRuleErrors(t *testing.T) {
	f := func(text, want string) {
		t.Helper()
		_, err := ParseRule(false, text, "--keep")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got error %v, want one containing %q", text, err, want)
		}
		if err != nil && !strings.Contains(err.Error(), "--keep") {
			t.Errorf("%q: error %q does not name the rule", text, err)
		}
	}
	f("", "no field=value term")
	f("# only a comment", "no field=value term")
	f("principl=x", `unknown field "principl" (fields: principal, eventsource`)
	f("principal", `term "principal": want field=value`)
	f("user agent=x", `term "user": want field=value`)
	f("principal!x", `want field=value or field!=value`)
	f(`useragent="unterminated`, `no closing "`)
	f(`useragent="a"b`, "want a space after the quoted value")
	f(`useragent="\q"`, "bad quoted value")
	f("srcaddr=10.0.0.0/33", `cannot parse CIDR "10.0.0.0/33"`)
	f("dstport=http", "want a port 0-65535")
	f("dstport=70000", "want a port 0-65535")
	f("port=443-80", "want a port 0-65535")
	f("action=DROP", "want ACCEPT or REJECT")
}

func TestParseRuleFile(t *testing.T) {
	text := `# Sentinel's CSPM scanners
drop principal=*CspmMonitorAws*
	drop principal=DefenderForCloud-*   # any of Defender's roles

keep eventsource=iam.amazonaws.com
`
	rules, err := ParseRuleFile(strings.NewReader(text), "noise.rules")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(rules.Texts(), "|")
	if want := "drop principal=*CspmMonitorAws*|drop principal=DefenderForCloud-*|keep eventsource=iam.amazonaws.com"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if rules[1].Origin != "noise.rules:3" {
		t.Errorf("origin %q", rules[1].Origin)
	}
	f := func(text, want string) {
		t.Helper()
		_, err := ParseRuleFile(strings.NewReader(text), "noise.rules")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got error %v, want one containing %q", text, err, want)
		}
	}
	f("drop principal=x\nignore principal=y\n", `noise.rules:2 "ignore principal=y": want "keep" or "drop" first`)
	f("drop\n", `noise.rules:1 "": no field=value term`)
	f("\n\nkeep dstport=x\n", `noise.rules:3`)
}

func TestRulesCheckKind(t *testing.T) {
	f := func(text string, kind source.Kind, want string) {
		t.Helper()
		r, err := ParseRule(true, text, "--drop")
		if err != nil {
			t.Fatal(err)
		}
		err = Rules{r}.Check(kind)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q on %s: %v", text, kind, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q on %s: got %v, want %q", text, kind, err, want)
		}
	}
	f("principal=x srcaddr=10.0.0.0/8 account=1* region=us-*", source.CloudTrail, "")
	f("dstport=22 action=REJECT addr=10.0.0.1 srcaddr=10.0.0.0/8 account=1*", source.VPCFlow, "")
	f("dstport=22", source.CloudTrail, `rule --drop "drop dstport=22": field dstport applies to VPC Flow Logs, not CloudTrail`)
	f("principal=x", source.VPCFlow, "field principal applies to CloudTrail, not VPC Flow Logs")
}

func TestRulesFingerprint(t *testing.T) {
	parse := func(texts ...string) Rules {
		var rs Rules
		for _, text := range texts {
			r, err := ParseRule(true, text, "--drop")
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		return rs
	}
	a := parse("principal=*CspmMonitorAws*", "principal=DefenderForCloud-*").Fingerprint()
	b := parse("principal=DefenderForCloud-*", "  principal=*CspmMonitorAws*").Fingerprint()
	c := parse("principal=*CspmMonitorAws*").Fingerprint()
	if a != b || a == c || len(a) != 16 {
		t.Errorf("fingerprints %q %q %q: want the first two equal, the third different", a, b, c)
	}
	if Rules(nil).Fingerprint() != "" {
		t.Error("no rules must have no fingerprint")
	}
}

func TestGlobMatch(t *testing.T) {
	f := func(pattern, s string, want bool) {
		t.Helper()
		if got := globMatch(lowerASCIIString(pattern), s); got != want {
			t.Errorf("globMatch(%q, %q) = %v", pattern, s, got)
		}
	}
	f("*CspmMonitorAws*", "arn:aws:sts::111122223333:assumed-role/CspmMonitorAws/s", true)
	f("*cspmmonitoraws*", "arn:aws:sts::111122223333:assumed-role/CspmMonitorAws/s", true)
	f("DefenderForCloud-*", "DefenderForCloud-Ciem", true)
	f("DefenderForCloud-*", "arn:aws:iam::111122223333:role/DefenderForCloud-Ciem", false)
	f("Get?bject", "GetObject", true)
	f("Get?bject", "GetObjectAcl", false)
	f("*a*b*", "xxaxxbxx", true)
	f("*a*b", "xxaxxbxxc", false)
	f("", "", true)
	f("", "x", false)
	f("**", "", true)
}

// matchesRow returns a check that the drop rule text matches the row
// seen through v, or not.
func matchesRow(t *testing.T, v *ruleView) func(text string, want bool) {
	return func(text string, want bool) {
		t.Helper()
		r, err := ParseRule(true, text, "--drop")
		if err != nil {
			t.Fatal(err)
		}
		if got := r.matches(v); got != want {
			t.Errorf("%q: matches %v", text, got)
		}
	}
}

// TestRuleMatchCloudTrail matches rules against rows mapped from real
// records, through every name a principal has.
func TestRuleMatchCloudTrail(t *testing.T) {
	raw := `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLECIEM:DefenderForCloudCiemSession","arn":"arn:aws:sts::111122223333:assumed-role/DefenderForCloud-Ciem/DefenderForCloudCiemSession","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLECIEM","arn":"arn:aws:iam::111122223333:role/DefenderForCloud-Ciem","accountId":"111122223333","userName":"DefenderForCloud-Ciem"}}},"eventTime":"2024-03-05T11:01:00Z","eventSource":"iam.amazonaws.com","eventName":"ListRoles","awsRegion":"us-east-1","sourceIPAddress":"20.42.11.1","userAgent":"aws-sdk-dotnet-coreclr/3.7.300.2","eventID":"e1","recipientAccountId":"111122223333","eventCategory":"Management"}`
	ev, meta, err := ocsf.MapCloudTrail([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	row := lake.Row[ocsf.CloudTrailEvent]{Value: ev, Part: lake.Partition{Region: meta.Region, AccountID: meta.AccountID}}
	var v ruleView
	viewCloudTrail(&row, &v)
	f := matchesRow(t, &v)
	f("principal=DefenderForCloud-*", true)                     // the role's name
	f("principal=DefenderForCloudCiemSession", true)            // the session's name
	f("principal=arn:aws:iam::*:role/DefenderForCloud-*", true) // the issuer
	f("principal=AROAEXAMPLECIEM:*", true)                      // the principal id
	f("principal=*CspmMonitorAws*", false)
	f("principal!=*CspmMonitorAws*", true)
	f("eventsource=IAM.amazonaws.com eventname=List*", true)
	f("eventsource=iam.amazonaws.com eventname=Get*", false)
	f("useragent=aws-sdk-dotnet*", true)
	f(`useragent=""`, false)
	f("srcaddr=20.42.0.0/16", true)
	f("srcaddr=20.42.11.1", true)
	f("srcaddr=20.43.0.0/16", false)
	f("account=111122223333 region=us-east-1", true)
	f("region=eu-*", false)
}

func TestRuleMatchFlow(t *testing.T) {
	var rec ocsf.FlowFields
	for i, token := range strings.Fields("2 111122223333 eni-1 198.51.100.23 10.0.1.15 51234 22 6 3 180 1709636400 1709636460 REJECT OK") {
		rec[i] = token
	}
	ev, meta, err := ocsf.MapFlow(&rec, ocsf.FlowDefaults{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	row := lake.Row[ocsf.FlowEvent]{Value: ev, Part: lake.Partition{Region: meta.Region, AccountID: meta.AccountID}}
	var v ruleView
	viewFlow(&row, &v)
	f := matchesRow(t, &v)
	f("dstport=22 action=REJECT", true)
	f("dstport=22 action=accept", false)
	f("port=50000-60000", true) // the source port
	f("srcport=50000-60000 dstport=0-21", false)
	f("dstport!=22", false)
	f("srcaddr=198.51.100.0/24", true)
	f("dstaddr=198.51.100.0/24", false)
	f("addr=10.0.1.15", true)
	f("addr=::ffff:10.0.1.15", true)
	f("account=111122223333 region=us-east-1", true)
}

// BenchmarkRuleVerdict is the cost rules add to each event: four rules
// that do not match a CloudTrail row (the usual case), read through its
// view.
func BenchmarkRuleVerdict(b *testing.B) {
	raw := `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:s","arn":"arn:aws:sts::111122223333:assumed-role/app-server/i-0a1b2c3d4e5f60718","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/app-server","userName":"app-server"}}},"eventTime":"2024-03-05T11:01:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"10.0.1.15","userAgent":"aws-sdk-java/2.25.0 Linux/6.1","eventID":"e1","recipientAccountId":"111122223333"}`
	ev, meta, err := ocsf.MapCloudTrail([]byte(raw))
	if err != nil {
		b.Fatal(err)
	}
	row := lake.Row[ocsf.CloudTrailEvent]{Value: ev, Part: lake.Partition{Region: meta.Region, AccountID: meta.AccountID}}
	rules, err := ParseRuleFile(strings.NewReader("drop principal=*CspmMonitorAws*\ndrop principal=DefenderForCloud-*\ndrop useragent=*Boto3* srcaddr=10.0.0.0/8\ndrop eventname=Describe* eventsource=ec2.amazonaws.com\n"), "bench.rules")
	if err != nil {
		b.Fatal(err)
	}
	m := newRuleMatcher(rules)
	var v ruleView
	b.ReportAllocs()
	for b.Loop() {
		viewCloudTrail(&row, &v)
		if m.verdict(&v) >= 0 {
			b.Fatal("dropped")
		}
	}
}
