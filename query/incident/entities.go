package incident

import (
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/lakehunt/lakehunt/query/hunt"
)

// described is a finding with the entities its evidence names and the keys
// that link it to other findings.
type described struct {
	finding hunt.Finding
	hunt    *hunt.Hunt // nil when the hunt is unknown

	principals, accessKeys, sessions, srcIPs set
	accounts, regions, resources, instances  set
	links                                    []Link

	// keys link two findings outright: an origin principal, an access key
	// (a session's key names it uniquely; its ARN may be reused), an
	// instance.
	keys set
	// targets are the users and roles its events create or change: a later
	// finding whose principal one of them is continues its story (a
	// backdoor user created, then used), but two findings changing one
	// user do not share a story for it.
	targets set
	// weakKeys link two findings only when the same identity is behind
	// both or no one is behind one (see groupFindings): an address, the /24 (IPv4)
	// or /64 (IPv6) of a public one, a resource acted on. An office's
	// egress address or a team's bucket is shared by unrelated people.
	weakKeys set
	// principalKeys are its keys that name an origin principal.
	principalKeys set
	// identities say who is behind the finding, for weak keys: its origin
	// principals, else the access keys and instances of a session the lake
	// cannot trace to one. None for a finding no one is behind (a scan
	// from outside, an anonymous call).
	identities set
}

// set is a small string set that keeps its first-seen order until sorted.
type set []string

func (s *set) add(v string) {
	if v != "" && !slices.Contains(*s, v) {
		*s = append(*s, v)
	}
}

func (s set) sorted() []string {
	out := slices.Clone(s)
	slices.Sort(out)
	if out == nil {
		return []string{}
	}
	return out
}

// distinctSorted is what a set of vs would give sorted, for many values:
// set's add looks through the values it holds, so that an incident's
// evidence uids made assemble quadratic (the 30-day pack over the medium
// bench lake: 14.6 of the grouping's 20 s of Go CPU, most in comparing
// strings, on a 2-core Intel Xeon; the grouping took 21.8-23.2 s then and
// takes 8.2 s this way).
func distinctSorted(vs []string) []string {
	out := slices.Compact(slices.Sorted(slices.Values(vs)))
	if len(out) > 0 && out[0] == "" {
		out = out[1:]
	}
	if out == nil {
		return []string{}
	}
	return out
}

var (
	instanceID = regexp.MustCompile(`^i-[0-9a-f]{8,17}$`)
	accountID  = regexp.MustCompile(`^[0-9]{12}$`)
)

// notLinking are resource types that name an identity rather than what was
// acted on: two principals assuming the same popular role are not one
// story; the sessions they get are, and those link by access key.
var notLinking = map[string]bool{"AWS::IAM::Role": true, "AWS::IAM::SAMLProvider": true, "AWS::IAM::OIDCProvider": true}

func describe(f hunt.Finding, h *hunt.Hunt, events map[string]*event) *described {
	d := &described{finding: f, hunt: h}
	d.accounts.add(f.Account)
	d.regions.add(f.Region)
	d.addAddress(f.SrcIP, f.Account)
	found := false
	for _, ev := range actorEvents(f, events) {
		found = true
		d.accounts.add(ev.Account)
		d.regions.add(ev.Region)
		d.addAddress(ev.SrcIP, ev.Account)
		d.addPrincipal(ev.Origin, ev.OriginType)
		d.addKey(ev.AccessKey)
		if ev.PrincipalType == "AssumedRole" || ev.PrincipalType == "FederatedUser" {
			d.sessions.add(ev.Principal)
			d.addInstance(lastSegment(ev.Principal))
		}
		for _, l := range ev.Chain {
			d.addLink(l)
		}
		d.sessions.add(ev.IssuedSession)
		d.addKey(ev.IssuedKey)
		for _, id := range ev.Instances {
			d.addInstance(id)
		}
		for _, r := range ev.Resources {
			d.resources.add(r.UID)
			if !notLinking[r.Type] {
				d.weakKeys.add("res|" + r.UID)
			}
			if r.Type == "AWS::EC2::Instance" {
				d.addInstance(lastSegment(r.UID))
			}
		}
		if ev.TargetUser != "" {
			d.resources.add(ev.TargetUser)
			d.targets.add("id|" + ev.TargetUser)
		}
	}
	if !found {
		d.addActor(f.Actor, f.Account)
	}
	d.identities = slices.Clone(d.principalKeys)
	if len(d.identities) == 0 {
		for _, k := range d.keys {
			if strings.HasPrefix(k, "key|") || strings.HasPrefix(k, "inst|") {
				d.identities.add(k)
			}
		}
	}
	return d
}

// actorEvents are the finding's evidence events made by its actor. A hunt
// that gathers several callers' events (a role assumed by many) is about
// its actor: the other callers must not join their own stories to it.
// When no event names the actor (it is a user name or an account), all
// evidence events are its.
func actorEvents(f hunt.Finding, events map[string]*event) []*event {
	var all, own []*event
	for _, uid := range f.EvidenceUIDs {
		if ev := events[uid]; ev != nil {
			all = append(all, ev)
			if f.Actor != "" && (ev.Principal == f.Actor || ev.Origin == f.Actor) {
				own = append(own, ev)
			}
		}
	}
	if len(own) > 0 {
		return own
	}
	return all
}

// addActor reads a finding's actor when no evidence event describes it:
// flow hunts name an instance, an interface or an address.
func (d *described) addActor(actor, account string) {
	switch {
	case strings.HasPrefix(actor, "arn:"):
		d.addPrincipal(actor, "")
	case instanceID.MatchString(actor), strings.HasPrefix(actor, "eni-"):
		d.addInstance(actor)
	default:
		d.addAddress(actor, account)
	}
}

// addPrincipal records an origin. Services and bare account ids are listed
// but link nothing (every instance's role is issued by ec2.amazonaws.com);
// nor does a session ARN, which a session name reused by another caller
// repeats: its access key links instead.
func (d *described) addPrincipal(p, originType string) {
	if p == "" {
		return
	}
	d.principals.add(p)
	switch {
	case strings.HasSuffix(p, ".amazonaws.com"), p == "AWS Internal", accountID.MatchString(p):
	case originType == "AssumedRole", originType == "FederatedUser", strings.Contains(p, ":assumed-role/"):
		d.sessions.add(p)
	default:
		d.keys.add("id|" + p)
		d.principalKeys.add("id|" + p)
	}
}

func (d *described) addKey(k string) {
	if k != "" {
		d.accessKeys.add(k)
		d.keys.add("key|" + k)
	}
}

// addInstance keeps instance and interface ids in lower case, as AWS
// writes them: anonymised logs (Stratus Red Team's) mix the case of one id
// between the session name and a request.
func (d *described) addInstance(id string) {
	id = strings.ToLower(id)
	if instanceID.MatchString(id) || strings.HasPrefix(id, "eni-") {
		d.instances.add(id)
		d.keys.add("inst|" + id)
	}
}

// addLink records a session-issuing call. Its caller's key links too: at
// the top of a chain the lake does not hold whole, that key is all that
// names the session the chain started from.
func (d *described) addLink(l Link) {
	if !slices.ContainsFunc(d.links, func(x Link) bool { return x.EventUID == l.EventUID }) {
		d.links = append(d.links, l)
	}
	d.sessions.add(l.SessionARN)
	d.addKey(l.AccessKeyID)
	d.addKey(l.IssuerAccessKey)
	d.addInstance(l.SessionName)
	if a := arnAccount(l.SessionARN); a != "" {
		d.accounts.add(a)
	}
}

// addAddress records a source address: a public one with its network, a
// private one within its account (10.0.0.5 is a different host in every
// VPC).
func (d *described) addAddress(s, account string) {
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return
	}
	addr = addr.Unmap()
	d.srcIPs.add(addr.String())
	if !isPublic(addr) {
		d.weakKeys.add("ip|" + account + "|" + addr.String())
		return
	}
	d.weakKeys.add("ip|" + addr.String())
	d.weakKeys.add("net|" + prefixOf(addr).String())
}

func isPublic(a netip.Addr) bool {
	return a.IsGlobalUnicast() && !a.IsPrivate()
}

// prefixOf is the network an address shares with its neighbours: its /24
// for IPv4, its /64 (one site's subnet) for IPv6.
func prefixOf(a netip.Addr) netip.Prefix {
	bits := 64
	if a.Is4() {
		bits = 24
	}
	p, _ := a.Prefix(bits)
	return p
}

func lastSegment(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}

// arnAccount is the account field of an ARN, "" when it has none.
func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || !accountID.MatchString(parts[4]) {
		return ""
	}
	return parts[4]
}
