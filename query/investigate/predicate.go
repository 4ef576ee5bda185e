package investigate

import (
	"github.com/lakehunt/lakehunt/engine"
	"github.com/lakehunt/lakehunt/storage/lake"
)

// The predicates below select an entity's rows. Each is chosen by the
// entity's kind and form and refers to the value only as $entity.

// apiPredicate selects the entity's CloudTrail events. Internal
// statements read an interface's instances from entity_instances
// (createEntityInstances) instead of the flows.
func apiPredicate(e Entity, internal bool) string {
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
		// names the interface a call came through. A call's instance is
		// what follows the last slash of its ARN (none without a slash),
		// split rather than matched by a regular expression: 0.36 against
		// 0.73 s over the medium bench's 5M calls ('lakehunt query', 2-core
		// AMD EPYC).
		instances := interfaceInstancesIn("vpcflow")
		if internal {
			instances = `SELECT instance_uid FROM entity_instances`
		}
		return `(actor.user.type = 'AssumedRole' AND CASE WHEN strpos(actor.user.uid, '/') > 0 THEN string_split(actor.user.uid, '/')[-1] ELSE '' END IN (
            ` + instances + `))`
	case FormAccount:
		return `(accountid = $entity OR actor.user.account.uid = $entity)`
	}
	panic("investigate: no CloudTrail predicate for form " + string(e.Form))
}

// interfaceInstancesIn is the instances the flows of an interface name in
// the view or table flows, whose role sessions' calls are the interface's.
func interfaceInstancesIn(flows string) string {
	return `SELECT src_endpoint.instance_uid AS instance_uid FROM ` + flows + ` WHERE src_endpoint.interface_uid = $entity
            UNION SELECT dst_endpoint.instance_uid FROM ` + flows + ` WHERE dst_endpoint.interface_uid = $entity`
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

// issuedByPredicate tells, for one link of a session chain (hop, a row of
// the sessions view's chain), that the entity made the call that issued
// the session: the link's issuer is the principal, or, for an access key,
// the call was signed with it. It names the issuer as apiPredicate names
// the caller.
func issuedByPredicate(e Entity) string {
	switch e.Form {
	case FormARN:
		return `hop.issuer = $entity`
	case FormRoleSession:
		return `ends_with(hop.issuer, ':assumed-role/' || $entity)`
	case FormName:
		return `(hop.issuer = $entity
            OR (strpos(hop.issuer, ':user/') > 0 AND ends_with(hop.issuer, '/' || $entity))
            OR strpos(hop.issuer, ':assumed-role/' || $entity || '/') > 0
            OR (strpos(hop.issuer, ':assumed-role/') > 0 AND ends_with(hop.issuer, '/' || $entity)))`
	case FormAccessKey:
		return `hop.issuer_access_key = $entity`
	}
	panic("investigate: no session chain predicate for form " + string(e.Form))
}

// sessionPredicate selects the rows of the sessions view that are the
// entity: the session an access key belongs to, a role session, or the
// sessions of a role.
func sessionPredicate(e Entity) string {
	switch e.Form {
	case FormARN:
		return `(session_arn = $entity OR role_arn = $entity)`
	case FormRoleSession:
		return `ends_with(session_arn, ':assumed-role/' || $entity)`
	case FormName:
		return `(session_name = $entity OR (strpos(role_arn, ':role/') > 0 AND ends_with(role_arn, '/' || $entity)))`
	case FormAccessKey:
		return `access_key_id = $entity`
	}
	panic("investigate: no session predicate for form " + string(e.Form))
}

// Holding names the columns of each table an entity's predicates compare
// its value with, for the forms whose predicates are equalities there:
// the engine then opens only the files whose bloom filters may hold the
// value (engine.Holding), and the tables not named whole. Every panel of
// an IP address reads only rows that hold it, so its engine leaves the
// other files out of every view. An instance's or a network interface's
// flows hold its id, and the calls of its role sessions, matched by
// suffix, are read from every CloudTrail file. A principal's ARN and an
// access key also reach the calls of the sessions they created, which hold
// neither, so only their lifetime panel's engine leaves files out (see
// Open) and their calls are read by probing for them and their sessions
// (createTracedCalls). Other forms match by suffix or by substring, which
// no filter can answer: nil.
func Holding(e Entity) *engine.Holding {
	flows := func(columns ...string) *engine.Holding {
		return &engine.Holding{Value: e.Value, Columns: map[string][]string{lake.VPCFlow.View: columns}}
	}
	var columns []string
	switch e.Form {
	case FormIP:
		h := flows("src_endpoint.ip", "dst_endpoint.ip")
		for _, t := range lake.CloudTrailAll.Tables {
			h.Columns[t.View] = []string{"src_endpoint.ip"}
		}
		return h
	case FormInstanceID:
		return flows("src_endpoint.instance_uid", "dst_endpoint.instance_uid")
	case FormENI:
		return flows("src_endpoint.interface_uid", "dst_endpoint.interface_uid")
	case FormARN:
		columns = []string{"actor.user.uid", "actor.session.issuer", "user.uid"}
	case FormAccessKey:
		columns = []string{"actor.user.credential_uid"}
	default:
		return nil
	}
	h := &engine.Holding{Value: e.Value, Columns: map[string][]string{}}
	for _, t := range lake.CloudTrailAll.Tables {
		h.Columns[t.View] = columns
	}
	return h
}
