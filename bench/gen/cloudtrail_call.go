package gen

import (
	"strings"
	"time"
)

var browserAgents = []string{
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
	"Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
}

// agentFor fills a user agent template: "command/%s" takes the CLI's name
// of the call, "api/%s" the service.
func agentFor(template string, op *operation) string {
	i := strings.Index(template, "%s")
	if i < 0 {
		return template
	}
	if strings.HasSuffix(template[:i], "command/") {
		return template[:i] + op.command + template[i+2:]
	}
	return template[:i] + op.prefix + template[i+2:]
}

// newBaselineCall draws one ordinary call of the organisation: who, what,
// from where, and whether it failed.
func newBaselineCall(c *call, r *rng, seed uint64, org *Org, account *Account, region string, at time.Time) {
	*c = call{r: r, seed: seed, org: org, account: account, actorAccount: account, region: region, at: at}
	global := region == allRegions[0]
	for {
		p := account.Principals[account.principals.pick(r)]
		ops, index := p.regional, p.regionalIndex
		if global {
			ops, index = p.ops, p.opIndex
		}
		if len(index) == 0 {
			continue
		}
		c.actor = p
		c.op = catalog[index[ops.pick(r)]]
		break
	}
	c.shape()
}

// shape fills in the session, source, agent and outcome of a call whose
// actor and operation are chosen.
func (c *call) shape() {
	r, p := c.r, c.actor
	if len(p.sessions) > 0 && c.session == "" {
		c.session = p.sessions[r.skewed(len(p.sessions))]
	}
	switch p.kind {
	case kindIAMUser, kindSSOUser, kindAdminRole, kindRoot:
		c.console = c.op.isLogin || r.chance(p.consoleFraction)
		if c.srcIP == "" {
			c.srcIP = c.personIP(p)
		}
		switch {
		case c.op.isLogin || (c.console && r.chance(0.5)):
			c.userAgent = browserAgents[r.skewed(len(browserAgents))]
		case c.console:
			c.userAgent = "AWS Internal"
		default:
			c.userAgent = c.agent()
		}
	case kindWorkload:
		// An instance calls from its own address through the VPC
		// endpoint, or from its zone's NAT gateway.
		// A call to another region leaves through the home region's NAT:
		// VPC endpoints serve their own region only.
		e, home := c.sessionENI()
		if home == c.region && r.chance(0.25) && !c.op.global {
			c.srcIP = e.ip
			c.vpce = c.account.vpce[c.region]
		} else {
			nat := c.account.natIPs[home]
			c.srcIP = nat[stableHash(e.subnet)%uint64(len(nat))]
		}
		c.userAgent = c.agent()
	case kindLambda:
		c.srcIP = awsIPv4(r)
		c.userAgent = c.agent()
	case kindCI, kindFederated:
		c.srcIP = c.org.ciIPs[r.skewed(len(c.org.ciIPs))]
		c.userAgent = c.agent()
	case kindCrossAccount:
		c.srcIP = c.org.partnerIP
		c.userAgent = c.agent()
	case kindServiceRole, kindAWSService:
		c.srcIP = p.service
		c.userAgent = p.service
	}
	if c.op.name == "AssumeRole" || c.op.name == "AssumeRoleWithWebIdentity" {
		c.chooseAssumedRole()
	}
	if c.op.isLogin {
		c.loginFailed = r.chance(0.04)
		c.loginMFA = p.person != nil && p.person.mfa && p.kind != kindSSOUser
		return
	}
	rate := 0.008
	if !c.op.readOnly {
		rate = 0.025
	}
	switch p.kind {
	case kindIAMUser, kindSSOUser, kindAdminRole, kindCI:
		rate *= 2.5
	case kindAWSService:
		rate = 0
	}
	if c.errCode == "" && r.chance(rate) {
		c.fail()
	}
}

// agent is the caller's user agent: a program keeps its SDK from call to
// call, a person mostly uses one tool and sometimes another.
func (c *call) agent() string {
	p := c.actor
	agents := p.userAgents
	key := stableHash(p.arn + "/" + c.session)
	if p.person != nil {
		key = stableHash(p.person.login)
		if c.r.chance(0.15) {
			key = c.r.uint64()
		}
	}
	return agentFor(agents[key%uint64(len(agents))], c.op)
}

// sessionENI is the interface behind an instance session and the region
// it runs in: the instance's own wherever it runs, else (a session whose
// instance is not in the inventory) one chosen by the session name in the
// call's region.
func (c *call) sessionENI() (*eni, string) {
	for _, region := range c.org.Regions {
		if nw, ok := c.account.networks[region]; ok {
			if e, ok := nw.byInstance[c.session]; ok {
				return e, region
			}
		}
	}
	nw := c.account.networks[c.region]
	return nw.enis[stableHash(c.session)%uint64(len(nw.enis))], c.region
}

func (c *call) personIP(p *Principal) string {
	r := c.r
	if p.person == nil || r.chance(0.6) || len(p.person.ips) == 1 {
		if r.chance(0.03) {
			return "AWS Internal"
		}
		return c.org.OfficeIPs[r.skewed(len(c.org.OfficeIPs))]
	}
	return p.person.ips[1+r.intn(len(p.person.ips)-1)]
}

// chooseAssumedRole picks the role an AssumeRole call opens a session of:
// services assume instance and function roles, people the admin role
// (and from there the deploy role), pipelines each other's roles.
func (c *call) chooseAssumedRole() {
	r, a := c.r, c.account
	pick := func(kind principalKind) *Principal {
		ps := a.byKind[kind]
		return ps[r.skewed(len(ps))]
	}
	if c.op.name == "AssumeRoleWithWebIdentity" {
		for _, p := range a.byKind[kindCI] {
			if p.roleName == githubRole {
				c.assumed, c.assumedSession = p, p.sessions[0]
			}
		}
		return
	}
	switch p := c.actor; p.kind {
	case kindAWSService:
		switch p.service {
		case "lambda.amazonaws.com":
			c.assumed = pick(kindLambda)
		default:
			c.assumed = pick(kindWorkload)
		}
		c.assumedSession = c.assumed.sessions[r.skewed(len(c.assumed.sessions))]
		if p.service == "ecs-tasks.amazonaws.com" {
			c.assumedSession = r.text(hexDigits, 32)
		}
	case kindIAMUser, kindSSOUser:
		c.assumed = pick(kindAdminRole)
		c.assumedSession = p.person.login
	case kindAdminRole, kindCI:
		for _, ci := range a.byKind[kindCI] {
			if ci.roleName == "terraform-apply" {
				c.assumed = ci
			}
		}
		c.assumedSession = "terraform"
	default:
		c.assumed = pick(kindWorkload)
		c.assumedSession = c.assumed.sessions[0]
		if p.kind == kindCrossAccount {
			c.assumedSession = "partner-sync"
		}
	}
}

// actorARN names the caller as an access-denied message does.
func (c *call) actorARN() string {
	p := c.actor
	switch p.kind {
	case kindIAMUser, kindRoot, kindFederated:
		return p.arn
	case kindAWSService:
		return p.service
	case kindCrossAccount:
		return "arn:aws:iam::" + p.userName + ":root"
	}
	return p.sessionARN(c.actorAccount.ID, c.session)
}

// fail turns the call into one of the errors real trails are full of:
// throttling for busy workloads, lookups of things that are gone, and
// access denied.
func (c *call) fail() {
	r, op := c.r, c.op
	roll := r.float()
	busy := c.actor.kind == kindWorkload || c.actor.kind == kindLambda
	switch {
	case busy && roll < 0.3:
		if op.prefix == "ec2" {
			c.errCode, c.errMsg = "Client.RequestLimitExceeded", "Request limit exceeded."
		} else {
			c.errCode, c.errMsg = "ThrottlingException", "Rate exceeded"
		}
	case op.readOnly && roll < 0.5:
		c.errCode, c.errMsg = notFound(op)
	default:
		c.denied()
	}
}

func (c *call) denied() {
	op := c.op
	action := op.prefix + ":" + op.name
	switch op.prefix {
	case "ec2":
		c.errCode = "Client.UnauthorizedOperation"
		c.errMsg = "You are not authorized to perform this operation. User: " + c.actorARN() + " is not authorized to perform: " + action + " because no identity-based policy allows the " + action + " action"
	case "s3":
		c.errCode, c.errMsg = "AccessDenied", "Access Denied"
	case "iam", "sts", "cloudformation", "cloudtrail", "organizations", "route53", "ce", "health", "autoscaling", "elasticloadbalancing", "cloudwatch":
		c.errCode = "AccessDenied"
		c.errMsg = "User: " + c.actorARN() + " is not authorized to perform: " + action + " because no identity-based policy allows the " + action + " action"
	default:
		c.errCode = "AccessDeniedException"
		c.errMsg = "User: " + c.actorARN() + " is not authorized to perform: " + action + " because no identity-based policy allows the " + action + " action"
	}
}

func notFound(op *operation) (string, string) {
	switch op.prefix {
	case "ssm":
		return "ParameterNotFound", ""
	case "secretsmanager":
		return "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
	case "iam":
		return "NoSuchEntity", "The role with name reporting-legacy-role cannot be found."
	case "s3":
		return "NoSuchBucketPolicy", "The bucket policy does not exist"
	case "ec2":
		return "Client.InvalidInstanceID.NotFound", "The instance ID 'i-0d1e2f3a4b5c6d7e8' does not exist"
	case "kms":
		return "NotFoundException", "Alias is not found."
	}
	return "ResourceNotFoundException", "Requested resource not found"
}
