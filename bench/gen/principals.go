package gen

import (
	"slices"
	"strings"
	"time"
)

type principalKind int

const (
	kindIAMUser principalKind = iota
	kindSSOUser
	kindAdminRole    // the role people assume to administer an account
	kindWorkload     // an EC2/ECS instance role
	kindLambda       // a Lambda execution role
	kindCI           // deploy pipelines and Terraform
	kindServiceRole  // a service-linked role acting for an AWS service
	kindAWSService   // the service itself (AssumeRole for instances)
	kindRoot         // the account root user
	kindFederated    // GetFederationToken users
	kindCrossAccount // a partner account assuming a role
)

// Principal is one identity that makes calls.
type Principal struct {
	kind     principalKind
	idType   string // userIdentity.type
	arn      string
	id       string // principalId, or the role id for roles
	userName string
	// accessKey is an IAM user's long-term key.
	accessKey string
	roleName  string
	// sessions are the session names a role is assumed with (instance ids,
	// people's e-mail addresses, function names).
	sessions []string
	// service is the service acting (invokedBy and sourceIPAddress).
	service string
	// app is the application a workload or function runs.
	app    string
	person *person
	// ops and regional pick this principal's operations; regional leaves
	// out the global services, which only us-east-1 records.
	ops, regional weighted
	opIndex       []int
	regionalIndex []int
	// consoleFraction of a human's calls come from the console.
	consoleFraction float64
	userAgents      []string
}

var workloadRoles = []string{"orders-api", "payments", "web-frontend", "search", "inventory", "eks-node-group", "ecs-task", "batch-worker", "data-pipeline", "reporting"}

const githubRole = "github-actions-oidc"

var ciRoles = []string{"ci-deploy", "terraform-apply", githubRole}
var serviceLinked = []struct{ role, service string }{
	{"AWSServiceRoleForConfig", "config.amazonaws.com"},
	{"AWSServiceRoleForAutoScaling", "autoscaling.amazonaws.com"},
	{"AWSServiceRoleForECS", "ecs.amazonaws.com"},
	{"AWSServiceRoleForAmazonGuardDuty", "guardduty.amazonaws.com"},
	{"AWSServiceRoleForSecurityHub", "securityhub.amazonaws.com"},
	{"AWSServiceRoleForAccessAnalyzer", "access-analyzer.amazonaws.com"},
	{"AWSServiceRoleForTrustedAdvisor", "trustedadvisor.amazonaws.com"},
}

const adminRole = "OrganizationAccountAccessRole"

var permissionSets = []string{"AdministratorAccess", "PowerUserAccess", "ReadOnlyAccess", "ViewOnlyAccess"}

const keyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

func (o *Org) addPrincipals(r *rng, a *Account, people []person) {
	var weights []float64
	add := func(p *Principal, activity float64) {
		a.Principals = append(a.Principals, p)
		weights = append(weights, activity*r.logNormal(1, 1.1))
	}
	// Long-standing IAM users: a minority of people, mostly in the first
	// account (the one older than the organisation's SSO).
	for i := range people {
		p := &people[i]
		if (a.Index == 0 && i < 10) || (a.Index > 0 && i < 3) {
			add(&Principal{kind: kindIAMUser, idType: "IAMUser", arn: "arn:aws:iam::" + a.ID + ":user/" + p.login,
				id: "AIDA" + r.text(keyAlphabet, 17), userName: p.login, accessKey: "AKIA" + r.text(keyAlphabet, 16),
				person: p, consoleFraction: 0.4, userAgents: humanAgents}, 1)
		}
		set := permissionSets[min(i%7, len(permissionSets)-1)]
		role := "AWSReservedSSO_" + set + "_" + r.text(hexDigits, 16)
		add(&Principal{kind: kindSSOUser, idType: "AssumedRole", roleName: role, id: "AROA" + r.text(keyAlphabet, 17),
			arn: "arn:aws:iam::" + a.ID + ":role/aws-reserved/sso.amazonaws.com/" + role, sessions: []string{p.email},
			person: p, consoleFraction: 0.7, userAgents: humanAgents}, 1.5)
	}
	logins := make([]string, 0, len(people))
	for _, p := range people {
		logins = append(logins, p.login)
	}
	add(&Principal{kind: kindAdminRole, idType: "AssumedRole", roleName: adminRole, id: "AROA" + r.text(keyAlphabet, 17),
		arn: "arn:aws:iam::" + a.ID + ":role/" + adminRole, sessions: logins, userAgents: humanAgents, consoleFraction: 0.5}, 1)
	for _, name := range workloadRoles {
		role := name + "-role"
		var sessions []string
		for _, region := range o.Regions {
			for _, e := range a.networks[region].enis {
				if e.instance != "" && r.chance(0.15) {
					sessions = append(sessions, e.instance)
				}
			}
		}
		if len(sessions) == 0 {
			sessions = append(sessions, "i-"+r.text(hexDigits, 17))
		}
		app := name
		if !slices.Contains(appServices, app) {
			app = appServices[stableHash(name)%uint64(len(appServices))]
		}
		add(&Principal{kind: kindWorkload, idType: "AssumedRole", roleName: role, id: "AROA" + r.text(keyAlphabet, 17),
			arn: "arn:aws:iam::" + a.ID + ":role/" + role, sessions: sessions, userAgents: sdkAgents, app: app}, 8)
	}
	for _, fn := range a.inventory.functions[:6] {
		role := fn + "-exec-role"
		add(&Principal{kind: kindLambda, idType: "AssumedRole", roleName: role, id: "AROA" + r.text(keyAlphabet, 17),
			arn: "arn:aws:iam::" + a.ID + ":role/" + role, sessions: []string{fn}, userAgents: lambdaAgents,
			app: strings.TrimSuffix(fn, "-handler")}, 4)
	}
	for _, name := range ciRoles {
		sessions := []string{"deploy-" + r.text(hexDigits, 8), "terraform"}
		if name == githubRole {
			sessions = []string{"GitHubActions"}
		}
		add(&Principal{kind: kindCI, idType: "AssumedRole", roleName: name, id: "AROA" + r.text(keyAlphabet, 17),
			arn: "arn:aws:iam::" + a.ID + ":role/" + name, sessions: sessions, userAgents: ciAgents}, 2.5)
	}
	for _, s := range serviceLinked {
		add(&Principal{kind: kindServiceRole, idType: "AssumedRole", roleName: s.role, id: "AROA" + r.text(keyAlphabet, 17),
			arn:      "arn:aws:iam::" + a.ID + ":role/aws-service-role/" + s.service + "/" + s.role,
			sessions: []string{strings.SplitN(s.service, ".", 2)[0]}, service: s.service}, 2)
	}
	for _, service := range []string{"ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com"} {
		add(&Principal{kind: kindAWSService, idType: "AWSService", service: service}, 3)
	}
	add(&Principal{kind: kindRoot, idType: "Root", arn: "arn:aws:iam::" + a.ID + ":root", id: a.ID,
		person: &people[0], consoleFraction: 1, userAgents: humanAgents}, 0.02)
	add(&Principal{kind: kindFederated, idType: "FederatedUser", userName: "reporting-portal",
		arn: "arn:aws:sts::" + a.ID + ":federated-user/reporting-portal", id: a.ID + ":reporting-portal", userAgents: sdkAgents}, 0.1)
	add(&Principal{kind: kindCrossAccount, idType: "AWSAccount", id: "AIDA" + r.text(keyAlphabet, 17), userName: accountID(r),
		userAgents: sdkAgents}, 0.2)
	a.principals = newWeighted(weights)
	a.byKind = map[principalKind][]*Principal{}
	for _, p := range a.Principals {
		p.ops, p.opIndex = profile(r, p.kind, false)
		p.regional, p.regionalIndex = profile(r, p.kind, true)
		a.byKind[p.kind] = append(a.byKind[p.kind], p)
	}
}

// sessionARN is the assumed-role ARN of one session.
func (p *Principal) sessionARN(account, session string) string {
	return "arn:aws:sts::" + account + ":assumed-role/" + p.roleName + "/" + session
}

// sessionCredentials names the temporary key and creation time of a role
// session: one per session name and hour. The AssumeRole that opens the
// session reports the same key that the session's calls carry, so
// investigations can follow the chain.
func sessionCredentials(seed uint64, roleARN, session string, at time.Time) (key string, created time.Time) {
	hour := at.Unix() / 3600
	r := newRNG(seed, stableHash(roleARN), stableHash(session), uint64(hour))
	return "ASIA" + r.text(keyAlphabet, 16), time.Unix(hour*3600+int64(r.intn(600)), 0).UTC()
}

var humanAgents = []string{
	"aws-cli/2.15.30 Python/3.11.8 Darwin/23.3.0 exe/x86_64 prompt/off command/%s",
	"aws-cli/2.17.2 Python/3.11.9 Linux/6.5.0-41-generic exe/x86_64.ubuntu.22 prompt/off command/%s",
	"Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/macos#23.4.0 md/arch#arm64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
}
var sdkAgents = []string{
	"aws-sdk-go-v2/1.30.3 ua/2.0 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/%s#1.32.1",
	"Boto3/1.34.131 md/Botocore#1.34.131 ua/2.0 os/linux#5.10.219-208.866.amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.131",
	"aws-sdk-java/2.25.60 Linux/5.10.219-208.866.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/standard",
	"aws-sdk-nodejs/2.1632.0 linux/v20.14.0 exec-env/AWS_ECS_EC2 promise",
}
var lambdaAgents = []string{
	"Boto3/1.34.126 md/Botocore#1.34.126 ua/2.0 os/linux#5.10.219-229.866.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.3 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.126",
	"aws-sdk-js/3.592.0 ua/2.0 os/linux#5.10.219-229.866.amzn2.x86_64 lang/js md/nodejs#20.13.1 exec-env/AWS_Lambda_nodejs20.x api/%s#3.592.0",
}
var ciAgents = []string{
	"APN/1.0 HashiCorp/1.0 Terraform/1.8.5 (+https://www.terraform.io) terraform-provider-aws/5.54.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.27.2 ua/2.0 os/linux lang/go#1.22.4 md/GOOS#linux md/GOARCH#amd64 api/%s#1.30.0",
	"aws-cli/2.17.2 Python/3.11.9 Linux/6.5.0-1022-azure exe/x86_64.ubuntu.22 prompt/off command/%s",
}
