package investigate

// The predicates below select an entity's rows. Each is chosen by the
// entity's kind and form and refers to the value only as $entity.

// apiPredicate selects the entity's CloudTrail events.
func apiPredicate(e Entity) string {
	switch e.Form {
	case FormIP:
		return `src_endpoint.ip = $entity`
	case FormARN:
		return `(actor.user.uid = $entity OR actor.session.issuer = $entity OR "user".uid = $entity)`
	case FormRoleSession:
		return `(ends_with(actor.user.uid, ':assumed-role/' || $entity) OR ends_with("session".uid, ':assumed-role/' || $entity))`
	case FormName:
		return `(actor.user.name = $entity OR "user".name = $entity
        OR (strpos(actor.session.issuer, ':role/') > 0 AND ends_with(actor.session.issuer, '/' || $entity))
        OR strpos(actor.user.uid, ':assumed-role/' || $entity || '/') > 0
        OR (actor.user.type = 'AssumedRole' AND (ends_with(actor.user.uid, '/' || $entity) OR ends_with(actor.user.uid_alt, ':' || $entity))))`
	case FormAccessKey:
		return `actor.user.credential_uid = $entity`
	case FormInstanceID:
		return `(actor.user.type = 'AssumedRole' AND (ends_with(actor.user.uid, '/' || $entity) OR ends_with(actor.user.uid_alt, ':' || $entity)))`
	case FormENI:
		// The interface's instances come from the flows: CloudTrail never
		// names the interface a call came through.
		return `(actor.user.type = 'AssumedRole' AND regexp_extract(actor.user.uid, '/([^/]+)$', 1) IN (
            SELECT src_endpoint.instance_uid FROM vpcflow WHERE src_endpoint.interface_uid = $entity
            UNION SELECT dst_endpoint.instance_uid FROM vpcflow WHERE dst_endpoint.interface_uid = $entity))`
	case FormAccount:
		return `(accountid = $entity OR actor.user.account.uid = $entity)`
	}
	panic("investigate: no CloudTrail predicate for form " + string(e.Form))
}

// flowPredicate selects the entity's flows, and flowInbound tells, for
// one of them, that the entity received it. VPC Flow Logs put the
// interface, instance and subnet on the destination of ingress traffic and
// the source of egress traffic.
func flowPredicate(e Entity) (match, inbound string) {
	switch e.Form {
	case FormIP:
		return `(src_endpoint.ip = $entity OR dst_endpoint.ip = $entity)`, `dst_endpoint.ip = $entity`
	case FormInstanceID:
		return `(src_endpoint.instance_uid = $entity OR dst_endpoint.instance_uid = $entity)`, `dst_endpoint.instance_uid = $entity`
	case FormENI:
		return `(src_endpoint.interface_uid = $entity OR dst_endpoint.interface_uid = $entity)`, `dst_endpoint.interface_uid = $entity`
	}
	panic("investigate: no flow predicate for form " + string(e.Form))
}
