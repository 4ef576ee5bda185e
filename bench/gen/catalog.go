package gen

import (
	"strings"
	"unicode"
)

// Who calls an operation, as a bit set over principal kinds.
const (
	catWorkload uint16 = 1 << iota
	catLambda
	catCI
	catHuman
	catAdmin
	catService
	catAWSService
	catCross
	catRoot
)

// operation is one CloudTrail management event type.
type operation struct {
	source   string // eventSource
	name     string // eventName
	readOnly bool
	// weight is the operation's share of calls among those who make it.
	weight     float64
	cats       uint16
	global     bool // recorded in us-east-1 only (IAM, sign-in, ...)
	apiVersion string
	isLogin    bool
	req, resp  func(c *call, o *obj)
	resources  func(c *call, b []byte) []byte
	// prefix is the IAM action prefix ("ec2"), endpoint the endpoint's
	// first label ("monitoring" for CloudWatch), command the CLI's name for
	// the call ("ec2.describe-instances").
	prefix, endpoint, command string
}

var catalog = func() []*operation {
	ops := []*operation{
		// Workloads: keys, secrets, parameters, and the agents' chatter.
		{source: "kms", name: "Decrypt", readOnly: true, weight: 300, cats: catWorkload | catLambda, req: reqDecrypt, resources: resKMSKey},
		{source: "kms", name: "GenerateDataKey", readOnly: true, weight: 110, cats: catWorkload | catLambda, req: reqGenerateDataKey, resources: resKMSKey},
		{source: "kms", name: "Encrypt", readOnly: true, weight: 25, cats: catWorkload, req: reqEncrypt, resources: resKMSKey},
		{source: "kms", name: "DescribeKey", readOnly: true, weight: 15, cats: catWorkload | catCI | catService, req: reqKeyID, resources: resKMSKey},
		{source: "kms", name: "ListAliases", readOnly: true, weight: 4, cats: catHuman | catCI, req: reqEmptyLimit},
		{source: "sts", name: "AssumeRole", readOnly: true, weight: 55, cats: catWorkload | catCI | catHuman | catAWSService | catCross, req: reqAssumeRole, resp: respAssumeRole, resources: resAssumedRole},
		{source: "sts", name: "AssumeRoleWithWebIdentity", readOnly: true, weight: 6, cats: catCI, req: reqAssumeRoleWithWebIdentity, resp: respAssumeRole, resources: resAssumedRole},
		{source: "sts", name: "GetCallerIdentity", readOnly: true, weight: 30, cats: catWorkload | catLambda | catCI | catHuman},
		{source: "ssm", name: "GetParameter", readOnly: true, weight: 70, cats: catWorkload | catLambda, req: reqGetParameter},
		{source: "ssm", name: "GetParameters", readOnly: true, weight: 20, cats: catWorkload, req: reqGetParameters},
		{source: "ssm", name: "UpdateInstanceInformation", readOnly: false, weight: 45, cats: catWorkload, req: reqUpdateInstanceInformation},
		{source: "ssm", name: "ListInstanceAssociations", readOnly: true, weight: 20, cats: catWorkload, req: reqInstanceID},
		{source: "secretsmanager", name: "GetSecretValue", readOnly: true, weight: 55, cats: catWorkload | catLambda, req: reqSecretID},
		{source: "secretsmanager", name: "DescribeSecret", readOnly: true, weight: 5, cats: catService | catCI, req: reqSecretID},
		{source: "logs", name: "CreateLogStream", readOnly: false, weight: 35, cats: catWorkload | catLambda, req: reqCreateLogStream},
		{source: "logs", name: "DescribeLogGroups", readOnly: true, weight: 5, cats: catHuman | catService, req: reqLogGroupPrefix},
		{source: "logs", name: "FilterLogEvents", readOnly: true, weight: 3, cats: catHuman, req: reqFilterLogEvents},
		{source: "logs", name: "PutRetentionPolicy", readOnly: false, weight: 0.3, cats: catCI, req: reqPutRetentionPolicy},
		{source: "dynamodb", name: "DescribeTable", readOnly: true, weight: 40, cats: catWorkload | catLambda, apiVersion: "2012-08-10", req: reqTableName},
		{source: "ecr", name: "GetAuthorizationToken", readOnly: true, weight: 25, cats: catWorkload | catCI, req: reqEmptyRegistry},
		{source: "ecr", name: "BatchGetImage", readOnly: true, weight: 18, cats: catWorkload, req: reqBatchGetImage},
		{source: "ecs", name: "DescribeServices", readOnly: true, weight: 8, cats: catWorkload | catCI | catService, req: reqDescribeServices},
		{source: "eks", name: "DescribeCluster", readOnly: true, weight: 8, cats: catWorkload | catCI | catHuman, req: reqEKSCluster},
		{source: "elasticloadbalancing", name: "DescribeTargetHealth", readOnly: true, weight: 15, cats: catWorkload | catService, req: reqTargetGroup},
		{source: "elasticloadbalancing", name: "DescribeLoadBalancers", readOnly: true, weight: 7, cats: catHuman | catService | catCI, req: reqEmptyPage},
		{source: "autoscaling", name: "DescribeAutoScalingGroups", readOnly: true, weight: 12, cats: catWorkload | catService | catCI, req: reqEmptyPage},
		{source: "monitoring", name: "GetMetricData", readOnly: true, weight: 15, cats: catWorkload | catHuman, req: reqGetMetricData},
		{source: "monitoring", name: "DescribeAlarms", readOnly: true, weight: 7, cats: catService | catHuman | catCI, req: reqEmptyPage},
		{source: "monitoring", name: "PutMetricAlarm", readOnly: false, weight: 0.4, cats: catCI, req: reqPutMetricAlarm},
		{source: "rds", name: "DescribeDBInstances", readOnly: true, weight: 7, cats: catService | catHuman | catWorkload, req: reqEmptyPage},

		// EC2: reads dominate; changes come from people and pipelines.
		{source: "ec2", name: "DescribeInstances", readOnly: true, weight: 60, cats: catWorkload | catHuman | catService | catCI | catRoot, req: reqDescribeInstances},
		{source: "ec2", name: "DescribeTags", readOnly: true, weight: 20, cats: catWorkload, req: reqDescribeTags},
		{source: "ec2", name: "DescribeVolumes", readOnly: true, weight: 12, cats: catWorkload | catService, req: reqFilterSet},
		{source: "ec2", name: "DescribeNetworkInterfaces", readOnly: true, weight: 12, cats: catWorkload | catService | catLambda, req: reqFilterSet},
		{source: "ec2", name: "DescribeSecurityGroups", readOnly: true, weight: 15, cats: catHuman | catService | catCI, req: reqGroupSet},
		{source: "ec2", name: "DescribeVpcs", readOnly: true, weight: 8, cats: catHuman | catService, req: reqFilterSet},
		{source: "ec2", name: "DescribeSubnets", readOnly: true, weight: 8, cats: catWorkload | catService | catCI, req: reqFilterSet},
		{source: "ec2", name: "DescribeRegions", readOnly: true, weight: 4, cats: catHuman | catService, req: reqDescribeRegions},
		{source: "ec2", name: "DescribeImages", readOnly: true, weight: 6, cats: catCI | catWorkload, req: reqDescribeImages},
		{source: "ec2", name: "RunInstances", readOnly: false, weight: 0.8, cats: catCI | catHuman, req: reqRunInstances, resp: respRunInstances},
		{source: "ec2", name: "TerminateInstances", readOnly: false, weight: 0.6, cats: catCI | catHuman, req: reqInstancesSet},
		{source: "ec2", name: "StartInstances", readOnly: false, weight: 0.8, cats: catHuman, req: reqInstancesSet},
		{source: "ec2", name: "StopInstances", readOnly: false, weight: 0.8, cats: catHuman, req: reqStopInstances},
		{source: "ec2", name: "CreateTags", readOnly: false, weight: 3, cats: catCI | catService | catHuman, req: reqCreateTags},
		{source: "ec2", name: "AuthorizeSecurityGroupIngress", readOnly: false, weight: 0.6, cats: catCI | catHuman, req: reqSecurityGroupRule},
		{source: "ec2", name: "RevokeSecurityGroupIngress", readOnly: false, weight: 0.3, cats: catCI | catHuman, req: reqSecurityGroupRule},
		{source: "ec2", name: "CreateSecurityGroup", readOnly: false, weight: 0.2, cats: catCI, req: reqCreateSecurityGroup},
		{source: "ec2", name: "CreateNetworkInterface", readOnly: false, weight: 2, cats: catService, req: reqCreateNetworkInterface},
		{source: "ec2", name: "DeleteNetworkInterface", readOnly: false, weight: 1.5, cats: catService, req: reqNetworkInterfaceID},
		{source: "ec2", name: "CreateSnapshot", readOnly: false, weight: 0.5, cats: catService, req: reqCreateSnapshot},

		// S3 bucket-level management calls.
		{source: "s3", name: "ListBuckets", readOnly: true, weight: 10, cats: catWorkload | catHuman | catCI | catRoot, req: reqS3Host},
		{source: "s3", name: "GetBucketLocation", readOnly: true, weight: 15, cats: catWorkload | catHuman | catService, req: reqBucketSub("location"), resources: resBucket},
		{source: "s3", name: "GetBucketAcl", readOnly: true, weight: 12, cats: catService | catHuman, req: reqBucketSub("acl"), resources: resBucket},
		{source: "s3", name: "GetBucketPolicy", readOnly: true, weight: 8, cats: catService | catCI, req: reqBucketSub("policy"), resources: resBucket},
		{source: "s3", name: "GetBucketEncryption", readOnly: true, weight: 6, cats: catService | catCI, req: reqBucketSub("encryption"), resources: resBucket},
		{source: "s3", name: "PutBucketPolicy", readOnly: false, weight: 0.4, cats: catCI | catAdmin, req: reqPutBucketPolicy, resources: resBucket},
		{source: "s3", name: "PutBucketTagging", readOnly: false, weight: 0.5, cats: catCI, req: reqBucketSub("tagging"), resources: resBucket},
		{source: "s3", name: "CreateBucket", readOnly: false, weight: 0.2, cats: catCI, req: reqBucketSub(""), resources: resBucket},
		{source: "s3", name: "DeleteBucket", readOnly: false, weight: 0.05, cats: catCI | catAdmin, req: reqBucketSub(""), resources: resBucket},

		// Deployments.
		{source: "lambda", name: "GetFunction20150331v2", readOnly: true, weight: 6, cats: catCI | catHuman, req: reqFunctionName, apiVersion: "2015-03-31"},
		{source: "lambda", name: "ListFunctions20150331", readOnly: true, weight: 6, cats: catHuman | catService, req: reqEmptyPage, apiVersion: "2015-03-31"},
		{source: "lambda", name: "UpdateFunctionCode20150331v2", readOnly: false, weight: 1.5, cats: catCI, req: reqUpdateFunctionCode, apiVersion: "2015-03-31"},
		{source: "lambda", name: "UpdateFunctionConfiguration20150331v2", readOnly: false, weight: 0.6, cats: catCI, req: reqFunctionName, apiVersion: "2015-03-31"},
		{source: "cloudformation", name: "DescribeStacks", readOnly: true, weight: 12, cats: catCI | catHuman | catService, req: reqStackName},
		{source: "cloudformation", name: "DescribeStackEvents", readOnly: true, weight: 6, cats: catCI, req: reqStackName},
		{source: "cloudformation", name: "CreateChangeSet", readOnly: false, weight: 0.8, cats: catCI, req: reqCreateChangeSet},
		{source: "cloudformation", name: "ExecuteChangeSet", readOnly: false, weight: 0.7, cats: catCI, req: reqExecuteChangeSet},
		{source: "ecs", name: "RegisterTaskDefinition", readOnly: false, weight: 0.7, cats: catCI, req: reqRegisterTaskDefinition},
		{source: "ecs", name: "UpdateService", readOnly: false, weight: 0.7, cats: catCI, req: reqUpdateService},

		// IAM and the account (global: us-east-1).
		{source: "iam", name: "GetRole", readOnly: true, weight: 8, cats: catCI | catService, global: true, req: reqRoleName},
		{source: "iam", name: "ListRoles", readOnly: true, weight: 4, cats: catHuman | catService | catCI, global: true, req: reqEmptyPage},
		{source: "iam", name: "ListAttachedRolePolicies", readOnly: true, weight: 5, cats: catCI | catService, global: true, req: reqRoleName},
		{source: "iam", name: "ListUsers", readOnly: true, weight: 3, cats: catHuman | catService, global: true, req: reqEmptyPage},
		{source: "iam", name: "GetUser", readOnly: true, weight: 3, cats: catHuman, global: true, req: reqUserName},
		{source: "iam", name: "ListAttachedUserPolicies", readOnly: true, weight: 1.5, cats: catHuman, global: true, req: reqUserName},
		{source: "iam", name: "ListAccessKeys", readOnly: true, weight: 2, cats: catHuman | catService, global: true, req: reqUserName},
		{source: "iam", name: "GetAccountSummary", readOnly: true, weight: 2, cats: catHuman | catRoot, global: true},
		{source: "iam", name: "GetAccountAuthorizationDetails", readOnly: true, weight: 0.4, cats: catService, global: true, req: reqAuthorizationDetails},
		{source: "iam", name: "ListPolicies", readOnly: true, weight: 2, cats: catHuman | catService, global: true, req: reqListPolicies},
		{source: "iam", name: "GetPolicyVersion", readOnly: true, weight: 3, cats: catService | catCI, global: true, req: reqGetPolicyVersion},
		{source: "iam", name: "CreateRole", readOnly: false, weight: 0.15, cats: catCI | catAdmin, global: true, req: reqCreateRole, resp: respCreateRole},
		{source: "iam", name: "PutRolePolicy", readOnly: false, weight: 0.25, cats: catCI, global: true, req: reqPutRolePolicy},
		{source: "iam", name: "AttachRolePolicy", readOnly: false, weight: 0.25, cats: catCI | catAdmin, global: true, req: reqAttachRolePolicy},
		{source: "iam", name: "DetachRolePolicy", readOnly: false, weight: 0.08, cats: catCI | catAdmin, global: true, req: reqAttachRolePolicy},
		{source: "iam", name: "TagRole", readOnly: false, weight: 0.2, cats: catCI, global: true, req: reqTagRole},
		{source: "iam", name: "CreatePolicy", readOnly: false, weight: 0.08, cats: catCI, global: true, req: reqCreatePolicy},
		{source: "iam", name: "CreateUser", readOnly: false, weight: 0.04, cats: catAdmin, global: true, req: reqUserName, resp: respCreateUser},
		{source: "iam", name: "CreateAccessKey", readOnly: false, weight: 0.05, cats: catAdmin, global: true, req: reqUserName, resp: respCreateAccessKey},
		{source: "iam", name: "UpdateAccessKey", readOnly: false, weight: 0.03, cats: catAdmin, global: true, req: reqUpdateAccessKey},
		{source: "iam", name: "DeleteAccessKey", readOnly: false, weight: 0.04, cats: catAdmin, global: true, req: reqAccessKey},
		{source: "iam", name: "AttachUserPolicy", readOnly: false, weight: 0.03, cats: catAdmin, global: true, req: reqAttachUserPolicy},
		{source: "iam", name: "CreateLoginProfile", readOnly: false, weight: 0.02, cats: catAdmin, global: true, req: reqCreateLoginProfile},
		{source: "iam", name: "ChangePassword", readOnly: false, weight: 0.04, cats: catHuman, global: true},
		{source: "iam", name: "EnableMFADevice", readOnly: false, weight: 0.02, cats: catHuman, global: true, req: reqEnableMFADevice},
		{source: "signin", name: "ConsoleLogin", readOnly: false, weight: 3, cats: catHuman | catRoot, global: true, isLogin: true},
		{source: "sts", name: "GetSessionToken", readOnly: true, weight: 0.3, cats: catHuman, req: reqGetSessionToken},
		{source: "organizations", name: "DescribeOrganization", readOnly: true, weight: 2, cats: catService | catHuman, global: true},
		{source: "organizations", name: "ListAccounts", readOnly: true, weight: 1, cats: catHuman, global: true, req: reqEmptyPage},
		{source: "health", name: "DescribeEventAggregates", readOnly: true, weight: 3, cats: catHuman, global: true, req: reqHealth},
		{source: "ce", name: "GetCostAndUsage", readOnly: true, weight: 1.5, cats: catHuman | catRoot, global: true, req: reqCostAndUsage},
		{source: "route53", name: "ListHostedZones", readOnly: true, weight: 1.5, cats: catHuman | catCI, global: true, req: reqEmptyPage},
		{source: "route53", name: "ChangeResourceRecordSets", readOnly: false, weight: 0.4, cats: catCI, global: true, req: reqChangeRecordSets},

		// Logging and security tooling.
		{source: "cloudtrail", name: "DescribeTrails", readOnly: true, weight: 3, cats: catService | catHuman, req: reqDescribeTrails},
		{source: "cloudtrail", name: "GetTrailStatus", readOnly: true, weight: 3, cats: catService, req: reqTrailName},
		{source: "cloudtrail", name: "LookupEvents", readOnly: true, weight: 1.5, cats: catHuman, req: reqLookupEvents},
		{source: "cloudtrail", name: "StopLogging", readOnly: false, weight: 0, cats: catAdmin, req: reqTrailName},
		{source: "config", name: "PutEvaluations", readOnly: false, weight: 6, cats: catService, req: reqPutEvaluations},
		{source: "guardduty", name: "ListDetectors", readOnly: true, weight: 3, cats: catService | catHuman, req: reqEmptyPage},
		{source: "securityhub", name: "BatchImportFindings", readOnly: false, weight: 4, cats: catService, req: reqBatchImportFindings},
	}
	for _, op := range ops {
		op.prefix, op.endpoint = op.source, op.source
		op.source += ".amazonaws.com"
		if op.prefix == "monitoring" {
			op.prefix = "cloudwatch"
		}
		op.command = op.prefix + "." + kebab(strings.TrimRight(strings.TrimSuffix(op.name, "v2"), "0123456789"))
	}
	return ops
}()

// kebab spells an operation name as the CLI does: DescribeInstances →
// describe-instances.
func kebab(name string) string {
	var b strings.Builder
	for i, r := range name {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('-')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func opNamed(name string) *operation {
	for _, op := range catalog {
		if op.name == name {
			return op
		}
	}
	panic("gen: no operation " + name)
}

// kindCategories says which operations each kind of principal makes.
var kindCategories = map[principalKind]uint16{
	kindIAMUser:      catHuman | catAdmin,
	kindSSOUser:      catHuman | catAdmin,
	kindAdminRole:    catHuman | catAdmin,
	kindWorkload:     catWorkload,
	kindLambda:       catLambda,
	kindCI:           catCI,
	kindServiceRole:  catService,
	kindAWSService:   catAWSService,
	kindRoot:         catRoot,
	kindFederated:    catLambda,
	kindCrossAccount: catCross,
}

// profile gives a principal its own taste among the operations of its
// kind: the same catalog weights, each scaled by a heavy-tailed factor.
func profile(r *rng, kind principalKind, regional bool) (weighted, []int) {
	mask := kindCategories[kind]
	var weights []float64
	var index []int
	for i, op := range catalog {
		if op.cats&mask == 0 || op.weight == 0 || (regional && op.global) {
			continue
		}
		index = append(index, i)
		weights = append(weights, op.weight*r.logNormal(1, 0.8))
	}
	if len(index) == 0 {
		return weighted{}, nil
	}
	return newWeighted(weights), index
}
