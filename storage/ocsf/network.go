package ocsf

// FlowEvent is one row of the VPC_FLOW table: OCSF 1.1 Network Activity
// (class 4001) as Security Lake writes VPC Flow Logs. MapFlow leaves
// StartTime, EndTime, Status, StatusID, DispositionID and Observables
// zero, so null in the files: the engine's view derives them (lake.VPCFlow's
// Derived). They stay in the schema because files written before hold
// them, and compaction merges files of one schema.
//
// The times are dictionary-encoded: files order a flow by its five minutes,
// then its conversation, then its time (lake.VPCFlow's OrderColumns), so
// within a row group they repeat a few hundred seconds in no order, where
// delta encoding spent 2-3 times the bytes.
type FlowEvent struct {
	Metadata       Metadata          `parquet:"metadata" json:"metadata"`
	Cloud          Cloud             `parquet:"cloud" json:"cloud"`
	SrcEndpoint    NetworkEndpoint   `parquet:"src_endpoint" json:"src_endpoint"`
	DstEndpoint    NetworkEndpoint   `parquet:"dst_endpoint" json:"dst_endpoint"`
	ConnectionInfo ConnectionInfo    `parquet:"connection_info" json:"connection_info"`
	Traffic        Traffic           `parquet:"traffic" json:"traffic"`
	Time           int64             `parquet:"time,dict" json:"time"`
	TimeDt         int64             `parquet:"time_dt,timestamp(millisecond),dict" json:"time_dt"`
	StartTime      int64             `parquet:"start_time,optional,delta" json:"start_time,omitempty"`
	StartTimeDt    int64             `parquet:"start_time_dt,optional,timestamp(millisecond),dict" json:"start_time_dt,omitempty"`
	EndTime        int64             `parquet:"end_time,optional,delta" json:"end_time,omitempty"`
	EndTimeDt      int64             `parquet:"end_time_dt,optional,timestamp(millisecond),dict" json:"end_time_dt,omitempty"`
	StatusCode     string            `parquet:"status_code,optional,dict" json:"status_code,omitempty"`
	Status         string            `parquet:"status,optional,dict" json:"status,omitempty"`
	StatusID       int32             `parquet:"status_id,optional,dict" json:"status_id,omitempty"`
	SeverityID     int32             `parquet:"severity_id,dict" json:"severity_id"`
	Severity       string            `parquet:"severity,dict" json:"severity"`
	ClassName      string            `parquet:"class_name,dict" json:"class_name"`
	ClassUID       int32             `parquet:"class_uid,dict" json:"class_uid"`
	CategoryName   string            `parquet:"category_name,dict" json:"category_name"`
	CategoryUID    int32             `parquet:"category_uid,dict" json:"category_uid"`
	ActivityName   string            `parquet:"activity_name,dict" json:"activity_name"`
	ActivityID     int32             `parquet:"activity_id,dict" json:"activity_id"`
	Action         string            `parquet:"action,optional,dict" json:"action,omitempty"`
	ActionID       int32             `parquet:"action_id,optional,dict" json:"action_id,omitempty"`
	Disposition    string            `parquet:"disposition,optional,dict" json:"disposition,omitempty"`
	DispositionID  int32             `parquet:"disposition_id,optional,dict" json:"disposition_id,omitempty"`
	TypeUID        int64             `parquet:"type_uid,dict" json:"type_uid"`
	TypeName       string            `parquet:"type_name,dict" json:"type_name"`
	Unmapped       map[string]string `parquet:"unmapped,optional" parquet-key:",dict" parquet-value:",dict" json:"unmapped,omitempty"`
	Observables    []Observable      `parquet:"observables,optional,list" json:"observables,omitempty"`
}

// NetworkEndpoint is src_endpoint / dst_endpoint of a flow.
type NetworkEndpoint struct {
	Port            *int32   `parquet:"port,optional" json:"port,omitempty"`
	SvcName         string   `parquet:"svc_name,optional,dict" json:"svc_name,omitempty"`
	IP              string   `parquet:"ip,optional,dict" json:"ip,omitempty"`
	IntermediateIPs []string `parquet:"intermediate_ips,optional,list" parquet-element:",dict" json:"intermediate_ips,omitempty"`
	InterfaceUID    string   `parquet:"interface_uid,optional,dict" json:"interface_uid,omitempty"`
	VPCUID          string   `parquet:"vpc_uid,optional,dict" json:"vpc_uid,omitempty"`
	InstanceUID     string   `parquet:"instance_uid,optional,dict" json:"instance_uid,omitempty"`
	SubnetUID       string   `parquet:"subnet_uid,optional,dict" json:"subnet_uid,omitempty"`
}

// ConnectionInfo is connection_info of a flow.
type ConnectionInfo struct {
	ProtocolNum *int32 `parquet:"protocol_num,optional,dict" json:"protocol_num,omitempty"`
	TCPFlags    *int32 `parquet:"tcp_flags,optional,dict" json:"tcp_flags,omitempty"`
	ProtocolVer string `parquet:"protocol_ver,optional,dict" json:"protocol_ver,omitempty"`
	BoundaryID  *int32 `parquet:"boundary_id,optional,dict" json:"boundary_id,omitempty"`
	Boundary    string `parquet:"boundary,optional,dict" json:"boundary,omitempty"`
	DirectionID *int32 `parquet:"direction_id,optional,dict" json:"direction_id,omitempty"`
	Direction   string `parquet:"direction,optional,dict" json:"direction,omitempty"`
}

// Traffic counts a flow's packets and bytes.
type Traffic struct {
	Packets *int64 `parquet:"packets,optional" json:"packets,omitempty"`
	Bytes   *int64 `parquet:"bytes,optional" json:"bytes,omitempty"`
}
