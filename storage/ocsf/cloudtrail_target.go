package ocsf

// What an event acts on: the user, session and policy of the identity
// classes, and resources[]. The values read from requestParameters and
// responseElements are copies: those members are kept whole in api.*.data.

// authentication fills the Authentication attributes as Security Lake's
// files do. A role assumption is about the role: user is the role (user.name
// the session name), session its new session: the session ARN and temporary
// access key that later events carry as actor.user.uid and
// actor.user.credential_uid, uid_alt the assumed-role id (the principalId
// the session will act as), issuer the identity provider that vouched for
// the caller (the SAML issuer, the web identity provider; none for a plain
// AssumeRole). A sign-in is about the signing-in identity itself.
func (m *cloudTrailMapper) authentication(ev *CloudTrailEvent) {
	t := m.tree
	additional := m.node(fAdditionalEventData)
	if loginTo := t.takeMember(additional, "LoginTo"); loginTo != "" {
		ev.DstEndpoint = &ServiceEndpoint{SvcName: loginTo}
	}
	mfaUsed := t.member(additional, "MFAUsed")
	if isMFA, ok := boolText(t, mfaUsed, "Yes", "No"); ok {
		ev.IsMFA = &isMFA
		t.markUsed(mfaUsed)
	}

	request, response := m.node(fRequestParameters), m.node(fResponseElements)
	var user User
	if roleArn := t.strMember(request, "roleArn"); roleArn != "" {
		assumed := t.member(response, "assumedRoleUser")
		user = User{UID: roleArn, Name: firstNonEmpty(
			t.strMember(request, "roleSessionName"),
			t.strMember(response, "subject"),
			t.strMember(response, "subjectFromWebIdentityToken"),
		)}
		session := Session{
			UID:           t.strMember(assumed, "arn"),
			UIDAlt:        t.strMember(assumed, "assumedRoleId"),
			CredentialUID: t.strMember(t.member(response, "credentials"), "accessKeyId"),
			Issuer:        firstNonEmpty(t.strMember(response, "issuer"), t.strMember(response, "provider")),
		}
		if session != (Session{}) {
			ev.Session = &session
		}
	} else if ev.Actor.User != nil {
		user = User{UID: ev.Actor.User.UID, UIDAlt: ev.Actor.User.UIDAlt}
	}
	if user != (User{}) {
		ev.User = &user
	}
}

// accountChange fills user (the IAM user or role changed) and policy (the
// policy attached, detached or written).
func (m *cloudTrailMapper) accountChange(ev *CloudTrailEvent) {
	t := m.tree
	request, response := m.node(fRequestParameters), m.node(fResponseElements)
	// The name asked for comes first, as in Security Lake's files: a
	// response can disagree with it (AWS's own CreateServiceRole example
	// has the role's description in its roleName).
	user := User{Name: firstNonEmpty(t.strMember(request, "userName"), t.strMember(request, "roleName"))}
	if created := t.member(response, "user"); t.isObject(created) {
		user.UID, user.UIDAlt = t.strMember(created, "arn"), t.strMember(created, "userId")
		user.Name = firstNonEmpty(user.Name, t.strMember(created, "userName"))
	} else if role := t.member(response, "role"); t.isObject(role) {
		user.UID, user.UIDAlt = t.strMember(role, "arn"), t.strMember(role, "roleId")
		user.Name = firstNonEmpty(user.Name, t.strMember(role, "roleName"))
	}
	user.Name = firstNonEmpty(user.Name, t.strMember(t.member(response, "accessKey"), "userName"))
	if user != (User{}) {
		ev.User = &user
	}
	policy := Policy{
		UID:  firstNonEmpty(t.strMember(request, "policyArn"), t.strMember(request, "permissionsBoundary")),
		Name: t.strMember(request, "policyName"),
	}
	if policy != (Policy{}) {
		ev.Policy = &policy
	}
}

// resources maps resources[]. The array leaves unmapped only when it has
// elements and every one is an object of non-empty string ARN/accountId/type
// members; anything else (such as S3's ARNPrefix, an empty array or an
// empty value) keeps the whole array in unmapped, from which the raw views
// give it back.
func (m *cloudTrailMapper) resources() []Resource {
	t, list := m.tree, m.node(fResources)
	if list == noNode || t.nodes[list].kind != jsonArray {
		return nil
	}
	count := 0
	for element := t.nodes[list].firstChild; element != noNode; element = t.nodes[element].nextSibling {
		count++
	}
	resources := make([]Resource, 0, count)
	complete := count > 0
	for element := t.nodes[list].firstChild; element != noNode; element = t.nodes[element].nextSibling {
		if !t.isObject(element) {
			complete = false
			continue
		}
		var resource Resource
		for member := t.nodes[element].firstChild; member != noNode; member = t.nodes[member].nextSibling {
			value, isString := t.str(member)
			switch string(t.keyBytes(member)) {
			case "ARN":
				resource.UID = value
			case "accountId":
				if value != "" {
					resource.Owner = &ResourceOwner{Account: &Account{UID: value}}
				}
			case "type":
				resource.Type = value
			default:
				isString = false
			}
			complete = complete && isString && value != ""
		}
		if resource != (Resource{}) {
			resources = append(resources, resource)
		} else {
			complete = false
		}
	}
	if complete {
		t.markUsed(list)
	}
	if len(resources) == 0 {
		return nil
	}
	return resources
}

// cloudTrailObservables lists, in this fixed order: the source IP, the
// actor's name and ARN, the target user's name, and the resource ARNs.
func cloudTrailObservables(ev *CloudTrailEvent) []Observable {
	list := make(observables, 0, 4+len(ev.Resources))
	list.add("src_endpoint.ip", ev.SrcEndpoint.IP, ObservableIPAddress)
	if ev.Actor.User != nil {
		list.add("actor.user.name", ev.Actor.User.Name, ObservableUserName)
		list.add("actor.user.uid", ev.Actor.User.UID, ObservableResourceUID)
	}
	if ev.User != nil {
		list.add("user.name", ev.User.Name, ObservableUserName)
	}
	for _, resource := range ev.Resources {
		list.add("resources.uid", resource.UID, ObservableResourceUID)
	}
	if len(list) == 0 {
		return nil
	}
	return list
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
