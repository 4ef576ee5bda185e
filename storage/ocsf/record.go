// Package ocsf holds the OCSF 1.1 row types that lakehunt writes, laid out with
// the column names, nesting and physical types of Amazon Security Lake source
// version 2, and the mappers that turn raw AWS logs into them.
//
// Optional scalar leaves use the parquet "optional" tag on plain Go values:
// parquet-go stores the zero value as null, which is what Security Lake files
// hold for absent fields. Numbers whose zero is meaningful (ports, protocol,
// byte counts) are pointers instead.
//
// Encodings are chosen per column, measured on one account of the medium
// bench (2.4M CloudTrail events, 559 MB of .json.gz; a lake of 322 MB before,
// 256 MB after):
//   - Small sets of values (enums, unmapped keys and values, session creation
//     times) are dictionary-encoded: as plain values the unmapped map alone
//     took 29 bytes per event, mostly its keys.
//   - Random ids (eventID, requestID) are PLAIN: a dictionary of unique values
//     only adds indexes, and zstd's default level leaves a run of bare hex
//     uncompressed (36 bytes each) but entropy-codes it once PLAIN's length
//     prefixes give it something to match (about 20 bytes each).
package ocsf

// CloudTrailEvent is one row of the CLOUD_TRAIL_MGMT table. The table holds
// three OCSF classes (3001 Account Change, 3002 Authentication, 6003 API
// Activity) as Security Lake's does, so the struct is the union of their
// attributes.
type CloudTrailEvent struct {
	Metadata     Metadata          `parquet:"metadata" json:"metadata"`
	Time         int64             `parquet:"time,delta" json:"time"`
	TimeDt       int64             `parquet:"time_dt,timestamp(millisecond),delta" json:"time_dt"`
	Cloud        Cloud             `parquet:"cloud" json:"cloud"`
	API          API               `parquet:"api" json:"api"`
	DstEndpoint  *ServiceEndpoint  `parquet:"dst_endpoint,optional" json:"dst_endpoint,omitempty"`
	Actor        Actor             `parquet:"actor" json:"actor"`
	HTTPRequest  *HTTPRequest      `parquet:"http_request,optional" json:"http_request,omitempty"`
	SrcEndpoint  APIEndpoint       `parquet:"src_endpoint" json:"src_endpoint"`
	Session      *Session          `parquet:"session,optional" json:"session,omitempty"`
	Policy       *Policy           `parquet:"policy,optional" json:"policy,omitempty"`
	Resources    []Resource        `parquet:"resources,optional,list" json:"resources,omitempty"`
	ClassName    string            `parquet:"class_name,dict" json:"class_name"`
	ClassUID     int32             `parquet:"class_uid,dict" json:"class_uid"`
	CategoryName string            `parquet:"category_name,dict" json:"category_name"`
	CategoryUID  int32             `parquet:"category_uid,dict" json:"category_uid"`
	SeverityID   int32             `parquet:"severity_id,dict" json:"severity_id"`
	Severity     string            `parquet:"severity,dict" json:"severity"`
	User         *User             `parquet:"user,optional" json:"user,omitempty"`
	ActivityName string            `parquet:"activity_name,dict" json:"activity_name"`
	ActivityID   int32             `parquet:"activity_id,dict" json:"activity_id"`
	TypeUID      int64             `parquet:"type_uid,dict" json:"type_uid"`
	TypeName     string            `parquet:"type_name,dict" json:"type_name"`
	Status       string            `parquet:"status,dict" json:"status"`
	StatusID     int32             `parquet:"status_id,dict" json:"status_id"`
	StatusCode   string            `parquet:"status_code,optional,dict" json:"status_code,omitempty"`
	StatusDetail string            `parquet:"status_detail,optional" json:"status_detail,omitempty"`
	IsMFA        *bool             `parquet:"is_mfa,optional" json:"is_mfa,omitempty"`
	Unmapped     map[string]string `parquet:"unmapped,optional" parquet-key:",dict" parquet-value:",dict" json:"unmapped,omitempty"`
	Observables  []Observable      `parquet:"observables,optional,list" json:"observables,omitempty"`
}

// Metadata is OCSF's metadata object as Security Lake fills it.
type Metadata struct {
	Product   Product  `parquet:"product" json:"product"`
	EventCode string   `parquet:"event_code,optional,dict" json:"event_code,omitempty"`
	UID       string   `parquet:"uid,optional,plain" json:"uid,omitempty"`
	Profiles  []string `parquet:"profiles,list" parquet-element:",dict" json:"profiles"`
	Version   string   `parquet:"version,dict" json:"version"`
}

// Product names the log's producer.
type Product struct {
	Version    string  `parquet:"version,optional,dict" json:"version,omitempty"`
	Name       string  `parquet:"name,dict" json:"name"`
	VendorName string  `parquet:"vendor_name,dict" json:"vendor_name"`
	Feature    Feature `parquet:"feature" json:"feature"`
}

// Feature is metadata.product.feature.
type Feature struct {
	Name string `parquet:"name,optional,dict" json:"name,omitempty"`
}

// Cloud is OCSF's cloud object; Account is only filled for flow logs, as in
// Security Lake's files.
type Cloud struct {
	Account  *Account `parquet:"account,optional" json:"account,omitempty"`
	Region   string   `parquet:"region,optional,dict" json:"region,omitempty"`
	Zone     string   `parquet:"zone,optional,dict" json:"zone,omitempty"`
	Provider string   `parquet:"provider,dict" json:"provider"`
}

// Account is an account reference by id.
type Account struct {
	UID string `parquet:"uid,optional,dict" json:"uid,omitempty"`
}

// API is the api object of API Activity.
type API struct {
	Response  *APIResponse `parquet:"response,optional" json:"response,omitempty"`
	Operation string       `parquet:"operation,optional,dict" json:"operation,omitempty"`
	Version   string       `parquet:"version,optional,dict" json:"version,omitempty"`
	Service   APIService   `parquet:"service" json:"service"`
	Request   *APIRequest  `parquet:"request,optional" json:"request,omitempty"`
}

// APIResponse holds the response; Data is JSON text.
type APIResponse struct {
	Error   string `parquet:"error,optional,dict" json:"error,omitempty"`
	Message string `parquet:"message,optional" json:"message,omitempty"`
	Data    string `parquet:"data,optional" json:"data,omitempty"`
}

// APIService names the AWS service (eventSource).
type APIService struct {
	Name string `parquet:"name,optional,dict" json:"name,omitempty"`
}

// APIRequest holds the request; Data is JSON text.
type APIRequest struct {
	Data string `parquet:"data,optional" json:"data,omitempty"`
	UID  string `parquet:"uid,optional,plain" json:"uid,omitempty"`
}

// ServiceEndpoint is the destination endpoint of CloudTrail events: only the
// service name (for example a console login's LoginTo) is known.
type ServiceEndpoint struct {
	SvcName string `parquet:"svc_name,optional,dict" json:"svc_name,omitempty"`
}

// Actor is who made the call.
type Actor struct {
	User      *ActorUser    `parquet:"user,optional" json:"user,omitempty"`
	Session   *ActorSession `parquet:"session,optional" json:"session,omitempty"`
	InvokedBy string        `parquet:"invoked_by,optional,dict" json:"invoked_by,omitempty"`
	IDP       *IDP          `parquet:"idp,optional" json:"idp,omitempty"`
}

// ActorUser is actor.user, from CloudTrail's userIdentity.
type ActorUser struct {
	Type          string   `parquet:"type,optional,dict" json:"type,omitempty"`
	Name          string   `parquet:"name,optional,dict" json:"name,omitempty"`
	UIDAlt        string   `parquet:"uid_alt,optional,dict" json:"uid_alt,omitempty"`
	UID           string   `parquet:"uid,optional,dict" json:"uid,omitempty"`
	Account       *Account `parquet:"account,optional" json:"account,omitempty"`
	CredentialUID string   `parquet:"credential_uid,optional,dict" json:"credential_uid,omitempty"`
}

// ActorSession is actor.session, from userIdentity.sessionContext.
type ActorSession struct {
	CreatedTime   int64  `parquet:"created_time,optional,dict" json:"created_time,omitempty"`
	CreatedTimeDt int64  `parquet:"created_time_dt,optional,dict,timestamp(millisecond)" json:"created_time_dt,omitempty"`
	IsMFA         *bool  `parquet:"is_mfa,optional" json:"is_mfa,omitempty"`
	Issuer        string `parquet:"issuer,optional,dict" json:"issuer,omitempty"`
}

// IDP is the identity provider of a federated actor.
type IDP struct {
	Name string `parquet:"name,optional,dict" json:"name,omitempty"`
	UID  string `parquet:"uid,optional,dict" json:"uid,omitempty"`
}

// HTTPRequest carries the user agent.
type HTTPRequest struct {
	UserAgent string `parquet:"user_agent,optional,dict" json:"user_agent,omitempty"`
}

// APIEndpoint is the source of a CloudTrail call: an IP, or a service name
// such as "iam.amazonaws.com" in Domain; UID is the VPC endpoint id.
type APIEndpoint struct {
	UID    string `parquet:"uid,optional,dict" json:"uid,omitempty"`
	IP     string `parquet:"ip,optional,dict" json:"ip,omitempty"`
	Domain string `parquet:"domain,optional,dict" json:"domain,omitempty"`
}

// Session is the session an Authentication event creates or refers to.
type Session struct {
	UID           string `parquet:"uid,optional,dict" json:"uid,omitempty"`
	UIDAlt        string `parquet:"uid_alt,optional,dict" json:"uid_alt,omitempty"`
	CredentialUID string `parquet:"credential_uid,optional,dict" json:"credential_uid,omitempty"`
	Issuer        string `parquet:"issuer,optional,dict" json:"issuer,omitempty"`
}

// Policy is the policy an Account Change event attaches or detaches.
type Policy struct {
	UID  string `parquet:"uid,optional,dict" json:"uid,omitempty"`
	Name string `parquet:"name,optional,dict" json:"name,omitempty"`
}

// Resource is one element of resources[].
type Resource struct {
	UID   string         `parquet:"uid,optional,dict" json:"uid,omitempty"`
	Owner *ResourceOwner `parquet:"owner,optional" json:"owner,omitempty"`
	Type  string         `parquet:"type,optional,dict" json:"type,omitempty"`
}

// ResourceOwner is resources[].owner.
type ResourceOwner struct {
	Account *Account `parquet:"account,optional" json:"account,omitempty"`
}

// User is the user an Authentication or Account Change event is about.
type User struct {
	UIDAlt string `parquet:"uid_alt,optional,dict" json:"uid_alt,omitempty"`
	UID    string `parquet:"uid,optional,dict" json:"uid,omitempty"`
	Name   string `parquet:"name,optional,dict" json:"name,omitempty"`
}

// Observable is one element of observables[].
type Observable struct {
	Name   string `parquet:"name,dict" json:"name"`
	Value  string `parquet:"value,dict" json:"value"`
	Type   string `parquet:"type,dict" json:"type"`
	TypeID int32  `parquet:"type_id,dict" json:"type_id"`
}
