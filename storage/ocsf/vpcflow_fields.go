package ocsf

import (
	"strconv"
	"strings"
)

// FlowField names one VPC Flow Logs field. The constants follow AWS's version
// order, so a headerless line of a default layout holds FlowField(0) up to
// FlowField(n-1).
type FlowField int

// The fields of format versions 2 (14 fields), 3–5 (29), 7 (ECS, 39) and 8
// (reject-reason, 40), then the later additions that have no default layout.
const (
	FlowVersion FlowField = iota
	FlowAccountID
	FlowInterfaceID
	FlowSrcAddr
	FlowDstAddr
	FlowSrcPort
	FlowDstPort
	FlowProtocol
	FlowPackets
	FlowBytes
	FlowStart
	FlowEnd
	FlowAction
	FlowLogStatus
	FlowVPCID
	FlowSubnetID
	FlowInstanceID
	FlowTCPFlags
	FlowType
	FlowPktSrcAddr
	FlowPktDstAddr
	FlowRegion
	FlowAZID
	FlowSublocationType
	FlowSublocationID
	FlowPktSrcAWSService
	FlowPktDstAWSService
	FlowDirection
	FlowTrafficPath
	FlowECSClusterARN
	FlowECSClusterName
	FlowECSContainerInstanceARN
	FlowECSContainerInstanceID
	FlowECSContainerID
	FlowECSSecondContainerID
	FlowECSServiceName
	FlowECSTaskDefinitionARN
	FlowECSTaskARN
	FlowECSTaskID
	FlowRejectReason
	FlowResourceID
	FlowEncryptionStatus

	NumFlowFields
)

// FlowFields is one flow record: element i holds the text of FlowField(i),
// "" when the record's format lacks the field and "-" when AWS wrote "-".
type FlowFields [NumFlowFields]string

var flowFieldNames = [NumFlowFields]string{
	"version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol",
	"packets", "bytes", "start", "end", "action", "log-status",
	"vpc-id", "subnet-id", "instance-id", "tcp-flags", "type", "pkt-srcaddr", "pkt-dstaddr",
	"region", "az-id", "sublocation-type", "sublocation-id",
	"pkt-src-aws-service", "pkt-dst-aws-service", "flow-direction", "traffic-path",
	"ecs-cluster-arn", "ecs-cluster-name", "ecs-container-instance-arn", "ecs-container-instance-id",
	"ecs-container-id", "ecs-second-container-id", "ecs-service-name", "ecs-task-definition-arn",
	"ecs-task-arn", "ecs-task-id",
	"reject-reason",
	"resource-id", "encryption-status",
}

// Parquet delivery and Security Lake's unmapped keys spell the names with
// underscores; both spellings are computed once so lookups do not allocate.
var flowFieldColumns, flowFieldsByName = func() ([NumFlowFields]string, map[string]FlowField) {
	var columns [NumFlowFields]string
	byName := make(map[string]FlowField, 2*NumFlowFields)
	for i, name := range flowFieldNames {
		columns[i] = strings.ReplaceAll(name, "-", "_")
		byName[name] = FlowField(i)
		byName[columns[i]] = FlowField(i)
	}
	return columns, byName
}()

// String returns AWS's name of the field, as in a header line ("account-id").
func (f FlowField) String() string {
	if f < 0 || f >= NumFlowFields {
		return "FlowField(" + strconv.Itoa(int(f)) + ")"
	}
	return flowFieldNames[f]
}

// Column returns the underscore spelling of the field ("account_id"), used by
// Parquet delivery and by the unmapped map.
func (f FlowField) Column() string { return flowFieldColumns[f] }

// FlowFieldByName looks a field up by its hyphen or underscore spelling.
func FlowFieldByName(name string) (FlowField, bool) {
	f, ok := flowFieldsByName[name]
	return f, ok
}

// DefaultFlowFormat returns AWS's layout for a headerless line of n fields:
// the first n fields in version order. Only 14 (v2), 29 (v5), 39 (v7, ECS)
// and 40 (v8) fields are default layouts. The slice is shared: do not modify it.
func DefaultFlowFormat(n int) ([]FlowField, bool) {
	switch n {
	case 14, 29, 39, 40:
		return defaultFlowOrder[:n:n], true
	}
	return nil, false
}

var defaultFlowOrder = func() (order [NumFlowFields]FlowField) {
	for i := range order {
		order[i] = FlowField(i)
	}
	return order
}()
