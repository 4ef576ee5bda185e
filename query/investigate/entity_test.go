package investigate

import (
	"testing"

	"github.com/lakehunt/lakehunt/query/output"
)

func TestNewEntity(t *testing.T) {
	f := func(kind Kind, value, wantValue string, wantForm Form) {
		t.Helper()
		e, err := NewEntity(kind, value)
		if wantForm == "" {
			if err == nil {
				t.Errorf("NewEntity(%s, %q) = %+v, want an error", kind, value, e)
			}
			return
		}
		if err != nil {
			t.Fatalf("NewEntity(%s, %q): %v", kind, value, err)
		}
		if e.Value != wantValue || e.Form != wantForm {
			t.Errorf("NewEntity(%s, %q) = %q (%s), want %q (%s)", kind, value, e.Value, e.Form, wantValue, wantForm)
		}
	}
	f(KindIP, " 203.0.113.50 ", "203.0.113.50", FormIP)
	f(KindIP, "::ffff:192.0.2.7", "192.0.2.7", FormIP)
	f(KindIP, "2001:DB8:0:0::1", "2001:db8::1", FormIP)
	f(KindIP, "203.0.113", "", "")
	f(KindPrincipal, "arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alice", FormARN)
	f(KindPrincipal, "ops-admin/pivot", "ops-admin/pivot", FormRoleSession)
	f(KindPrincipal, "assumed-role/ops-admin/pivot", "ops-admin/pivot", FormRoleSession)
	f(KindPrincipal, "a/b/c", "", "")
	f(KindPrincipal, "/pivot", "", "")
	f(KindPrincipal, "alice", "alice", FormName)
	f(KindPrincipal, "", "", "")
	f(KindPrincipal, "bad\xffutf8", "", "")
	f(KindAccessKey, "AKIATESTALICE0000001", "AKIATESTALICE0000001", FormAccessKey)
	f(KindInstance, "i-0aaaabbbbcccc0001", "i-0aaaabbbbcccc0001", FormInstanceID)
	f(KindInstance, "eni-0aaaabbbbcccc0001", "eni-0aaaabbbbcccc0001", FormENI)
	f(KindInstance, "vol-1", "", "")
	f(KindAccount, "111122223333", "111122223333", FormAccount)
}

func TestParseKind(t *testing.T) {
	f := func(in string, want Kind) {
		t.Helper()
		got, err := ParseKind(in)
		if want == "" {
			if err == nil {
				t.Errorf("ParseKind(%q) = %s, want an error", in, got)
			}
			return
		}
		if err != nil || got != want {
			t.Errorf("ParseKind(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	f("ip", KindIP)
	f("Access-Key", KindAccessKey)
	f("role", KindPrincipal)
	f("eni", KindInstance)
	f("bucket", "")
}

func TestReportFormats(t *testing.T) {
	f := func(name, path string, want output.Format) {
		t.Helper()
		got, err := output.ParseFormat(name, path, Formats...)
		if want == "" {
			if err == nil {
				t.Errorf("ParseFormat(%q, %q) = %s, want an error", name, path, got)
			}
			return
		}
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q, %q) = %s, %v; want %s", name, path, got, err, want)
		}
	}
	f("", "", output.Text)
	f("", "case.HTML", output.HTML)
	f("", "case.htm", output.HTML)
	f("", "case.json", output.JSON)
	f("", "case.txt", output.Text)
	f("json", "case.html", output.JSON)
	f("pdf", "", "")
	f("", "case.csv", "")
}
