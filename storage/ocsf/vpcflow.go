package ocsf

import (
	"errors"
	"fmt"
	"math"
	"net/netip"
	"strconv"
)

// FlowDefaults supplies the partition values a record does not carry itself:
// the region and account of the S3 key layout, or of --region and --account.
type FlowDefaults struct {
	Region    string
	AccountID string
}

// FlowMeta reports the partition values MapFlow used: the record's region and
// account-id fields, else the defaults; "" when neither has one, leaving the
// choice of partition to the lake.
type FlowMeta struct {
	Region    string
	AccountID string
}

// maxFlowEpochSeconds is 9999-12-31T23:59:59Z: later starts are not Unix
// seconds (a millisecond timestamp, say) and would not fit a timestamp column.
const maxFlowEpochSeconds = 253402300799

// flowProfiles is shared by every row; rows are written, never modified.
var flowProfiles = []string{"cloud", "security_control", "datetime"}

// flowBoundaries names OCSF boundary_id traffic-path+3: AWS's traffic paths
// 1..8 are OCSF's boundaries 4..11 in the same order.
var flowBoundaries = [...]string{
	"Same VPC", "Internet/VPC Gateway", "Virtual Private Gateway", "Intra-region VPC",
	"Inter-region VPC", "Local Gateway", "Gateway VPC", "Internet Gateway",
}

// flowUnmappedFields are the fields OCSF 4001 has no attribute for; Security
// Lake keeps them in unmapped under their underscore names.
var flowUnmappedFields = [...]FlowField{
	FlowSublocationType, FlowSublocationID,
	FlowECSClusterARN, FlowECSClusterName, FlowECSContainerInstanceARN, FlowECSContainerInstanceID,
	FlowECSContainerID, FlowECSSecondContainerID, FlowECSServiceName, FlowECSTaskDefinitionARN,
	FlowECSTaskARN, FlowECSTaskID,
	FlowRejectReason, FlowResourceID, FlowEncryptionStatus,
}

// flowScalars holds an event's numbers, account and intermediate IPs so
// that the event's pointers and slices cost one allocation.
type flowScalars struct {
	srcPort, dstPort, protocol, tcpFlags, boundaryID, directionID int32
	packets, bytes                                                int64
	account                                                       Account
	srcIntermediate, dstIntermediate                              [1]string
}

// MapFlow maps one VPC Flow Logs record to OCSF 1.1 Network Activity as
// Security Lake does (ocsf.md §2.2). "-" becomes null, except where Security
// Lake keeps it: svc_name, boundary and the unmapped values. A record without
// a start time, or with a number or address that does not parse, is an error
// naming the field.
func MapFlow(f *FlowFields, d FlowDefaults) (FlowEvent, FlowMeta, error) {
	start, hasStart, err := flowInt(f, FlowStart, maxFlowEpochSeconds)
	if err != nil {
		return FlowEvent{}, FlowMeta{}, err
	}
	if !hasStart {
		return FlowEvent{}, FlowMeta{}, errors.New("start is missing: the record cannot be placed in time")
	}
	end, hasEnd, err := flowInt(f, FlowEnd, maxFlowEpochSeconds)
	if err != nil {
		return FlowEvent{}, FlowMeta{}, err
	}
	meta := FlowMeta{
		Region:    flowOr(flowValue(f, FlowRegion), d.Region),
		AccountID: flowOr(flowValue(f, FlowAccountID), d.AccountID),
	}
	s := new(flowScalars)
	startMillis := int64(start) * 1000
	e := FlowEvent{
		Metadata: Metadata{
			Product: Product{
				Version:    flowValue(f, FlowVersion),
				Name:       "Amazon VPC",
				VendorName: "AWS",
				Feature:    Feature{Name: "Flowlogs"},
			},
			Profiles: flowProfiles,
			Version:  "1.1.0",
		},
		Cloud:        Cloud{Region: meta.Region, Zone: flowValue(f, FlowAZID), Provider: "AWS"},
		Time:         startMillis,
		TimeDt:       startMillis,
		StartTimeDt:  startMillis,
		StatusCode:   flowValue(f, FlowLogStatus),
		SeverityID:   1,
		Severity:     "Informational",
		ClassName:    "Network Activity",
		ClassUID:     4001,
		CategoryName: "Network Activity",
		CategoryUID:  4,
	}
	if meta.AccountID != "" {
		s.account.UID = meta.AccountID
		e.Cloud.Account = &s.account
	}
	if hasEnd {
		e.EndTimeDt = int64(end) * 1000
	}
	if err := mapFlowEndpoints(f, &e, s); err != nil {
		return FlowEvent{}, FlowMeta{}, err
	}
	if err := mapFlowConnection(f, &e.ConnectionInfo, s); err != nil {
		return FlowEvent{}, FlowMeta{}, err
	}
	if err := mapFlowTraffic(f, &e.Traffic, s); err != nil {
		return FlowEvent{}, FlowMeta{}, err
	}
	if err := mapFlowAction(f, &e); err != nil {
		return FlowEvent{}, FlowMeta{}, err
	}
	if f[FlowAction] == "-" {
		keepNoDataDashes(f, &e, s)
	}
	// No observables: they repeat the endpoints' addresses and instances,
	// a quarter of a flow file's bytes, and Security Lake's own flow files
	// leave them null. Nor start_time, end_time, status, status_id and
	// disposition_id, lakehunt's additions that repeat the _dt times and
	// the action. The engine's view derives them all (lake.VPCFlow's
	// Derived).
	e.Unmapped = flowUnmapped(f, &e)
	return e, meta, nil
}

func mapFlowEndpoints(f *FlowFields, e *FlowEvent, s *flowScalars) error {
	src, dst := &e.SrcEndpoint, &e.DstEndpoint
	var err error
	if src.IP, src.IntermediateIPs, err = flowEndpointIP(f, FlowSrcAddr, FlowPktSrcAddr, s.srcIntermediate[:]); err != nil {
		return err
	}
	if dst.IP, dst.IntermediateIPs, err = flowEndpointIP(f, FlowDstAddr, FlowPktDstAddr, s.dstIntermediate[:]); err != nil {
		return err
	}
	if err := flowPort(f, FlowSrcPort, &s.srcPort, &src.Port); err != nil {
		return err
	}
	if err := flowPort(f, FlowDstPort, &s.dstPort, &dst.Port); err != nil {
		return err
	}
	src.SvcName = f[FlowPktSrcAWSService]
	dst.SvcName = f[FlowPktDstAWSService]

	// The interface, VPC, subnet and instance are those of the network
	// interface that logged the flow: the destination of ingress traffic,
	// the source of egress traffic. Without flow-direction (formats before
	// v5) they stay on the source, the side Security Lake fills for egress.
	owner := src
	switch direction := f[FlowDirection]; direction {
	case "", "-":
	case "ingress":
		s.directionID = 1
		e.ConnectionInfo.Direction, e.ConnectionInfo.DirectionID = "Inbound", &s.directionID
		owner = dst
	case "egress":
		s.directionID = 2
		e.ConnectionInfo.Direction, e.ConnectionInfo.DirectionID = "Outbound", &s.directionID
	default:
		return fmt.Errorf("cannot parse flow-direction %q: want ingress or egress", direction)
	}
	owner.InterfaceUID = flowValue(f, FlowInterfaceID)
	owner.VPCUID = flowValue(f, FlowVPCID)
	owner.InstanceUID = flowValue(f, FlowInstanceID)
	owner.SubnetUID = flowValue(f, FlowSubnetID)
	return nil
}

// flowEndpointIP returns the endpoint's IP: the packet-level address when it
// differs from the interface-level one, which then becomes the intermediate
// IP (traffic through a NAT gateway or an EKS pod, for example).
func flowEndpointIP(f *FlowFields, addrField, pktField FlowField, spare []string) (string, []string, error) {
	addr, err := flowAddr(f, addrField)
	if err != nil {
		return "", nil, err
	}
	pkt, err := flowAddr(f, pktField)
	if err != nil {
		return "", nil, err
	}
	if pkt == "" || pkt == addr {
		return addr, nil, nil
	}
	if addr == "" {
		return pkt, nil, nil
	}
	spare[0] = addr
	return pkt, spare, nil
}

func flowAddr(f *FlowFields, field FlowField) (string, error) {
	s := flowValue(f, field)
	if s == "" {
		return "", nil
	}
	if _, err := netip.ParseAddr(s); err != nil {
		return "", fmt.Errorf("cannot parse %s %q: %w", field, s, err)
	}
	return s, nil
}

func flowPort(f *FlowFields, field FlowField, store *int32, dst **int32) error {
	n, ok, err := flowInt(f, field, math.MaxUint16)
	if ok {
		*store = int32(n)
		*dst = store
	}
	return err
}

func mapFlowConnection(f *FlowFields, c *ConnectionInfo, s *flowScalars) error {
	protocol, ok, err := flowInt(f, FlowProtocol, math.MaxUint8)
	if err != nil {
		return err
	}
	if ok {
		s.protocol = int32(protocol)
		c.ProtocolNum = &s.protocol
	}
	flags, ok, err := flowInt(f, FlowTCPFlags, math.MaxUint8)
	if err != nil {
		return err
	}
	if ok {
		s.tcpFlags = int32(flags)
		c.TCPFlags = &s.tcpFlags
	}
	c.ProtocolVer = flowValue(f, FlowType)

	// Security Lake writes a "-" traffic path as boundary "-" with id 99
	// (Other); a path number AWS may add later is kept the same way.
	switch path := f[FlowTrafficPath]; path {
	case "":
	case "-":
		s.boundaryID = 99
		c.Boundary, c.BoundaryID = path, &s.boundaryID
	default:
		n, err := strconv.ParseUint(path, 10, 31)
		if err != nil {
			return fmt.Errorf("cannot parse traffic-path %q: want a number from 1 to %d", path, len(flowBoundaries))
		}
		if n >= 1 && n <= uint64(len(flowBoundaries)) {
			s.boundaryID = int32(n) + 3
			c.Boundary = flowBoundaries[n-1]
		} else {
			s.boundaryID = 99
			c.Boundary = path
		}
		c.BoundaryID = &s.boundaryID
	}
	return nil
}

func mapFlowTraffic(f *FlowFields, t *Traffic, s *flowScalars) error {
	packets, ok, err := flowInt(f, FlowPackets, math.MaxInt64)
	if err != nil {
		return err
	}
	if ok {
		s.packets = int64(packets)
		t.Packets = &s.packets
	}
	bytes, ok, err := flowInt(f, FlowBytes, math.MaxInt64)
	if err != nil {
		return err
	}
	if ok {
		s.bytes = int64(bytes)
		t.Bytes = &s.bytes
	}
	return nil
}

// mapFlowAction sets the action-derived attributes. Without an action
// (NODATA and SKIPDATA records) the activity is OCSF's 0 Unknown and the
// action, disposition and status stay null.
func mapFlowAction(f *FlowFields, e *FlowEvent) error {
	switch action := f[FlowAction]; action {
	case "", "-":
		e.ActivityID, e.ActivityName, e.TypeName = 0, "Unknown", "Network Activity: Unknown"
	case "ACCEPT":
		e.Action, e.ActionID = "Allowed", 1
		e.Disposition = "Allowed"
		e.ActivityID, e.ActivityName, e.TypeName = 6, "Traffic", "Network Activity: Traffic"
	case "REJECT":
		e.Action, e.ActionID = "Denied", 2
		e.Disposition = "Blocked"
		e.ActivityID, e.ActivityName, e.TypeName = 5, "Refuse", "Network Activity: Refuse"
	default:
		return fmt.Errorf("cannot parse action %q: want ACCEPT or REJECT", action)
	}
	e.TypeUID = int64(e.ClassUID)*100 + int64(e.ActivityID)
	return nil
}

// keepNoDataDashes writes a record that saw no traffic (NODATA, SKIPDATA:
// action "-") as Security Lake does: the "-" of its addresses, instance,
// type, direction and action stays in the string columns, and the
// direction and action ids are 99 (Other). Its action is neither Allowed
// nor Denied, so hunts over traffic pass it by; the flow evidence uid
// (lh_flow_uid) reads its "-" addresses as none.
func keepNoDataDashes(f *FlowFields, e *FlowEvent, s *flowScalars) {
	keep := func(field FlowField, column *string) {
		if f[field] == "-" && *column == "" {
			*column = "-"
		}
	}
	keep(FlowSrcAddr, &e.SrcEndpoint.IP)
	keep(FlowDstAddr, &e.DstEndpoint.IP)
	if e.ConnectionInfo.DirectionID == nil {
		keep(FlowInstanceID, &e.SrcEndpoint.InstanceUID)
	}
	keep(FlowType, &e.ConnectionInfo.ProtocolVer)
	if f[FlowDirection] == "-" {
		s.directionID = 99
		e.ConnectionInfo.Direction, e.ConnectionInfo.DirectionID = "-", &s.directionID
	}
	e.Action, e.ActionID = "-", 99
	e.Disposition = "-"
}

// flowRawFields are the fields whose raw text the OCSF columns do not
// always give back: a "-" becomes null there, an address may move to
// intermediate_ips, the account and region may come from the defaults.
// unmapped keeps a field's raw text ("-" as written, "" for a field the
// record lacks) exactly when the vpc_flow_logs view would derive another
// value from the columns (flowViewText), so that the view returns what
// Athena reads from the raw line: "-" in a string column as "-", a field
// the line lacks as NULL.
var flowRawFields = [...]FlowField{
	FlowAccountID, FlowInterfaceID, FlowSrcAddr, FlowDstAddr, FlowAction, FlowLogStatus,
	FlowVPCID, FlowSubnetID, FlowInstanceID, FlowType, FlowPktSrcAddr, FlowPktDstAddr,
	FlowRegion, FlowAZID, FlowDirection,
}

// flowViewText is what the vpc_flow_logs view derives for field from the
// columns of e, "" for NULL. The packet-level addresses (version 3) and
// the region (version 4) are NULL in records of an older format version:
// a default-format version 2 line has neither, and needs nothing kept.
func flowViewText(f *FlowFields, e *FlowEvent, field FlowField) string {
	version, err := strconv.Atoi(flowValue(f, FlowVersion))
	older := func(v int) bool { return err == nil && version < v }
	owner := func(src, dst string) string { return flowOr(src, dst) }
	switch field {
	case FlowAccountID:
		if e.Cloud.Account != nil {
			return e.Cloud.Account.UID
		}
	case FlowInterfaceID:
		return owner(e.SrcEndpoint.InterfaceUID, e.DstEndpoint.InterfaceUID)
	case FlowSrcAddr:
		if len(e.SrcEndpoint.IntermediateIPs) > 0 {
			return e.SrcEndpoint.IntermediateIPs[0]
		}
		return e.SrcEndpoint.IP
	case FlowDstAddr:
		if len(e.DstEndpoint.IntermediateIPs) > 0 {
			return e.DstEndpoint.IntermediateIPs[0]
		}
		return e.DstEndpoint.IP
	case FlowAction:
		switch e.Action {
		case "Allowed":
			return "ACCEPT"
		case "Denied":
			return "REJECT"
		}
	case FlowLogStatus:
		return e.StatusCode
	case FlowVPCID:
		return owner(e.SrcEndpoint.VPCUID, e.DstEndpoint.VPCUID)
	case FlowSubnetID:
		return owner(e.SrcEndpoint.SubnetUID, e.DstEndpoint.SubnetUID)
	case FlowInstanceID:
		return owner(e.SrcEndpoint.InstanceUID, e.DstEndpoint.InstanceUID)
	case FlowType:
		return e.ConnectionInfo.ProtocolVer
	case FlowPktSrcAddr:
		if !older(3) {
			return e.SrcEndpoint.IP
		}
	case FlowPktDstAddr:
		if !older(3) {
			return e.DstEndpoint.IP
		}
	case FlowRegion:
		if !older(4) {
			return e.Cloud.Region
		}
	case FlowAZID:
		return e.Cloud.Zone
	case FlowDirection:
		switch e.ConnectionInfo.Direction {
		case "Inbound":
			return "ingress"
		case "Outbound":
			return "egress"
		}
	}
	return ""
}

func flowUnmapped(f *FlowFields, e *FlowEvent) map[string]string {
	var m map[string]string
	add := func(field FlowField, v string) {
		if m == nil {
			m = make(map[string]string, 4)
		}
		m[field.Column()] = v
	}
	for _, field := range flowUnmappedFields {
		if v := f[field]; v != "" {
			add(field, v)
		}
	}
	for _, field := range flowRawFields {
		if raw := f[field]; raw != flowViewText(f, e, field) {
			add(field, raw)
		}
	}
	return m
}

// flowValue returns the field's text, or "" when it is absent or "-".
func flowValue(f *FlowFields, field FlowField) string {
	if s := f[field]; s != "-" {
		return s
	}
	return ""
}

// flowInt reads an optional unsigned integer field no larger than max.
func flowInt(f *FlowFields, field FlowField, max uint64) (uint64, bool, error) {
	s := flowValue(f, field)
	if s == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > max {
		return 0, false, fmt.Errorf("cannot parse %s %q: want an integer from 0 to %d", field, s, max)
	}
	return n, true, nil
}

func flowOr(value, fallback string) string {
	if value != "" {
		return value
	}
	return fallback
}
