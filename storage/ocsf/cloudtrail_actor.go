package ocsf

import "net/netip"

// actor maps userIdentity. A fallback fills a column only when the
// preferred member is absent or empty, and stays in unmapped either way
// (see takeOr).
func (m *cloudTrailMapper) actor() Actor {
	t, id := m.tree, m.node(fUserIdentity)
	var actor Actor
	if !t.isObject(id) {
		return actor
	}
	onBehalfOf := t.member(id, "onBehalfOf")
	user := ActorUser{
		Type:          t.takeMember(id, "type"),
		UID:           t.takeMember(id, "arn"),
		UIDAlt:        t.takeOr(id, "principalId", t.member(onBehalfOf, "userId")),
		Name:          t.takeOr(id, "userName", t.member(m.node(fAdditionalEventData), "UserName")),
		CredentialUID: t.takeOr(id, "accessKeyId", t.member(id, "credentialId")),
	}
	if account := t.takeMember(id, "accountId"); account != "" {
		user.Account = &Account{UID: account}
	}
	if user != (ActorUser{}) {
		actor.User = &user
	}
	actor.InvokedBy = t.takeMember(id, "invokedBy")

	sessionContext := t.member(id, "sessionContext")
	idp := IDP{
		Name: t.takeOr(id, "identityProvider", t.member(t.member(sessionContext, "webIdFederationData"), "federatedProvider")),
		UID:  t.takeMember(onBehalfOf, "identityStoreArn"),
	}
	if idp != (IDP{}) {
		actor.IDP = &idp
	}
	if session := m.actorSession(sessionContext); session != (ActorSession{}) {
		actor.Session = &session
	}
	return actor
}

func (m *cloudTrailMapper) actorSession(sessionContext int32) ActorSession {
	t := m.tree
	attributes := t.member(sessionContext, "attributes")
	session := ActorSession{Issuer: t.takeMember(t.member(sessionContext, "sessionIssuer"), "arn")}
	created := t.member(attributes, "creationDate")
	if s, ok := t.str(created); ok {
		if ts, err := ParseEventTime(s); err == nil {
			session.CreatedTime = ts.UnixMilli()
			session.CreatedTimeDt = session.CreatedTime
			if IsCanonicalTime(s, ts) {
				t.markUsed(created)
			}
		}
	}
	mfa := t.member(attributes, "mfaAuthenticated")
	if isMFA, ok := boolText(t, mfa, "true", "false"); ok {
		session.IsMFA = &isMFA
		t.markUsed(mfa)
	}
	return session
}

// boolText reads node i as a boolean written as yes/no text (CloudTrail
// writes "true"/"false" and "Yes"/"No" strings) or as a JSON boolean.
func boolText(t *jsonTree, i int32, yes, no string) (value, ok bool) {
	if i == noNode {
		return false, false
	}
	switch t.nodes[i].kind {
	case jsonTrue:
		return true, true
	case jsonFalse:
		return false, true
	}
	switch s, _ := t.str(i); s {
	case yes:
		return true, true
	case no:
		return false, true
	}
	return false, false
}

// srcEndpoint: sourceIPAddress holds an IPv4 or IPv6 address, or a service
// name ("iam.amazonaws.com", "AWS Internal") that goes to domain. IPv6 is
// written in its canonical form and IPv4-mapped IPv6 as plain IPv4, so one
// address is always one string in the lake.
func (m *cloudTrailMapper) srcEndpoint() APIEndpoint {
	endpoint := APIEndpoint{UID: m.take(fVPCEndpointID)}
	source := m.take(fSourceIPAddress)
	if m.node(fSourceIPAddress) == noNode {
		source = m.tree.take(m.movedField("network", "client", "ip"))
	}
	if source == "" {
		return endpoint
	}
	addr, err := netip.ParseAddr(source)
	switch {
	case err != nil:
		endpoint.Domain = source
	case addr.Is4():
		endpoint.IP = source
	default:
		endpoint.IP = addr.Unmap().String()
	}
	if endpoint.IP != "" && endpoint.IP != source {
		// The raw spelling stays in unmapped for the raw views.
		m.tree.unuse(m.node(fSourceIPAddress))
	}
	return endpoint
}
