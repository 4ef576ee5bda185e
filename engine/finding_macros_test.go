package engine

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lakehunt/lakehunt/engine/result"
	"github.com/lakehunt/lakehunt/storage/ocsf"
)

// TestActor checks the actor text every finding names: the caller's ARN,
// else its user name, else the service that invoked the call, else its
// account; on the bare column and under a table alias.
func TestActor(t *testing.T) {
	trail := smallTrail()
	trail[1].Actor.User.UID = ""
	trail[2].Actor.User.UID, trail[2].Actor.User.Name, trail[2].Actor.InvokedBy = "", "", "ec2.amazonaws.com"
	trail[3].Actor.User.UID, trail[3].Actor.User.Name = "", ""
	trail[4].Actor = ocsf.Actor{}
	root := t.TempDir()
	writeLake(t, root, trail, nil)
	e := openSmallLake(t, Options{Lake: root})

	f := func(name string, i int, want string) {
		t.Helper()
		for _, q := range []string{
			`SELECT lh_actor(actor) FROM cloudtrail WHERE metadata.uid = ?`,
			`SELECT lh_actor(c.actor) FROM cloudtrail AS c WHERE c.metadata.uid = ?`,
		} {
			if got := queryStrings(t, e, q, trail[i].Metadata.UID); !reflect.DeepEqual(got, []string{want}) {
				t.Errorf("%s: %s = %q, want %q", name, q, got, want)
			}
		}
	}
	f("ARN first", 0, "arn:aws:iam::111122223333:user/alice")
	f("user name", 1, "alice")
	f("invoking service", 2, "ec2.amazonaws.com")
	f("account", 3, "444455556666")
	f("nobody", 4, "NULL")
}

// TestActorReadsOnlyItsFields checks that passing the whole actor struct
// to lh_actor still lets the Parquet scan read only the fields it uses.
func TestActorReadsOnlyItsFields(t *testing.T) {
	e := openSmallLake(t, Options{})
	got := scanProjections(explain(t, e, `SELECT lh_actor(actor) FROM cloudtrail`))
	slices.Sort(got)
	want := []string{"actor.invoked_by", "actor.user.account.uid", "actor.user.name", "actor.user.uid"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the Parquet scan reads %q, want %q", got, want)
	}
}

// TestEvidence checks evidence_uids: the MaxEvidence earliest, or a
// linking event's uid and the MaxEvidence-1 earliest after it.
func TestEvidence(t *testing.T) {
	e := openSmallLake(t, Options{})
	earliest := func(n int) string {
		uids := make([]string, n)
		for i := range uids {
			uids[i] = fmt.Sprintf("u%02d", 99-i)
		}
		return "[" + strings.Join(uids, " ") + "]"
	}
	f := func(q, want string) {
		t.Helper()
		if got := queryStrings(t, e, q); !reflect.DeepEqual(got, []string{want}) {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	// The latest i is the earliest time -i.
	f(`SELECT lh_evidence(printf('u%02d', i), -i) FROM range(100) AS r(i)`, earliest(result.MaxEvidence))
	f(`SELECT lh_evidence('link', printf('u%02d', i), -i) FROM range(100) AS r(i)`,
		strings.Replace(earliest(result.MaxEvidence-1), "[", "[link ", 1))
}
