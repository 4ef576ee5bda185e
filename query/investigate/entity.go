// Package investigate builds Detective-style profiles of one entity (an IP
// address, a principal, an access key, an instance or an account) over a
// time window of the lake: what it did, with whom, and what is new about it
// compared with a baseline window before. Every panel is one SQL statement
// whose only inputs are bound parameters.
package investigate

import (
	"fmt"
	"net/netip"
	"strings"
	"unicode/utf8"
)

// Kind is the type of entity under investigation.
type Kind string

// The kinds of entity.
const (
	KindIP        Kind = "ip"
	KindPrincipal Kind = "principal"
	KindAccessKey Kind = "access-key"
	KindInstance  Kind = "instance"
	KindAccount   Kind = "account"
)

// Kinds lists every kind, in the order help text shows them.
var Kinds = []Kind{KindIP, KindPrincipal, KindAccessKey, KindInstance, KindAccount}

// ParseKind reads a KIND argument.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if strings.EqualFold(s, string(k)) {
			return k, nil
		}
	}
	switch strings.ToLower(s) {
	case "accesskey", "access_key", "key":
		return KindAccessKey, nil
	case "user", "role", "arn":
		return KindPrincipal, nil
	case "eni":
		return KindInstance, nil
	}
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return "", fmt.Errorf("unknown entity kind %q (want %s)", s, strings.Join(names, ", "))
}

// hasFlows tells whether VPC Flow Logs can name the entity.
func (k Kind) hasFlows() bool { return k == KindIP || k == KindInstance }

// hasSessions tells whether the entity can create sessions (AssumeRole and
// its kin) whose calls an investigation follows: principals and access
// keys.
func (k Kind) hasSessions() bool { return k == KindPrincipal || k == KindAccessKey }

// Form says which of a kind's value forms an entity was given in; it
// picks the shape of the SQL predicate, never its text.
type Form string

// The value forms.
const (
	FormIP          Form = "ip"
	FormARN         Form = "arn"
	FormRoleSession Form = "role-session" // ROLE/SESSION
	FormName        Form = "name"         // user, role or session name
	FormAccessKey   Form = "access-key"
	FormInstanceID  Form = "instance-id"
	FormENI         Form = "eni"
	FormAccount     Form = "account"
)

// Entity is a validated, normalised entity.
type Entity struct {
	Kind  Kind
	Value string
	Form  Form
}

// NewEntity checks and normalises a value of the kind: an IP address is
// written the way the lake stores it (IPv4-mapped IPv6 as IPv4, IPv6 in
// canonical form); a role session given as assumed-role/ROLE/SESSION loses
// its prefix.
func NewEntity(kind Kind, value string) (Entity, error) {
	value = strings.TrimSpace(value)
	if value == "" {
		return Entity{}, fmt.Errorf("empty %s value", kind)
	}
	if !utf8.ValidString(value) {
		return Entity{}, fmt.Errorf("%s value %q is not valid UTF-8", kind, value)
	}
	e := Entity{Kind: kind, Value: value}
	switch kind {
	case KindIP:
		addr, err := netip.ParseAddr(value)
		if err != nil {
			return Entity{}, fmt.Errorf("cannot parse IP address %q: %w", value, err)
		}
		e.Value, e.Form = addr.Unmap().String(), FormIP
	case KindPrincipal:
		switch {
		case strings.HasPrefix(value, "arn:"):
			e.Form = FormARN
		case strings.Contains(value, "/"):
			e.Value = strings.TrimPrefix(value, "assumed-role/")
			role, session, _ := strings.Cut(e.Value, "/")
			if role == "" || session == "" || strings.Contains(session, "/") {
				return Entity{}, fmt.Errorf("cannot read role session %q: want ROLE/SESSION", value)
			}
			e.Form = FormRoleSession
		default:
			e.Form = FormName
		}
	case KindAccessKey:
		e.Form = FormAccessKey
	case KindInstance:
		switch {
		case strings.HasPrefix(value, "i-"):
			e.Form = FormInstanceID
		case strings.HasPrefix(value, "eni-"):
			e.Form = FormENI
		default:
			return Entity{}, fmt.Errorf("cannot read instance %q: want an instance id (i-...) or a network interface id (eni-...)", value)
		}
	case KindAccount:
		e.Form = FormAccount
	default:
		return Entity{}, fmt.Errorf("unknown entity kind %q", kind)
	}
	return e, nil
}

// MatchingHelp explains, for --help, how each kind's value is matched.
const MatchingHelp = `How VALUE is matched (exact, case-sensitive string comparisons):
  ip           API calls whose source IP is VALUE; flows whose source or
               destination IP is VALUE. IPv4-mapped IPv6 is read as IPv4.
  principal    an ARN (arn:...): the caller's ARN (actor.user.uid), the role
                 behind an assumed-role session (actor.session.issuer), or the
                 user or role an event is about (user.uid, e.g. AssumeRole of
                 that role, AttachUserPolicy on that user).
               ROLE/SESSION (or assumed-role/ROLE/SESSION): callers whose ARN
                 ends in :assumed-role/ROLE/SESSION, and the AssumeRole calls
                 that created that session (session.uid).
               a plain NAME matches any of: an IAM user name (actor.user.name),
                 the user an event is about (user.name, which is also the
                 session name of an AssumeRole), a role name (the session
                 issuer ends in /NAME after :role/, or the caller's ARN holds
                 :assumed-role/NAME/), and a role session name (the caller's
                 assumed-role ARN ends in /NAME or its principal id in :NAME).
  access-key   API calls signed with the key (actor.user.credential_uid).
  instance     i-...: flows whose source or destination instance is VALUE;
                 API calls by role sessions named after the instance
                 (assumed-role/ROLE/i-..., as EC2 instance profiles name them).
               eni-...: flows of that network interface; API calls by the
                 role sessions of the instances seen on it in the window.
  account      API calls recorded in the account (accountid) or made by one
               of its principals (actor.user.account.uid).`
