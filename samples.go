// Package lakehunt holds what the binary carries beside its code: the
// sample logs that 'lakehunt quickstart' ingests.
package lakehunt

import "embed"

// Samples are small CloudTrail and VPC Flow Logs in AWS's S3 delivery
// layout, with a planted incident (a leaked access key used from a new IP,
// an AdministratorAccess grant, a stopped trail, a port scan, a large
// egress flow), under testdata/quickstart/{cloudtrail,vpcflow}.
//
//go:embed testdata/quickstart
var Samples embed.FS
