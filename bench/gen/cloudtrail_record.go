package gen

import (
	"strconv"
	"time"
)

// call is one API call about to be written as a CloudTrail record.
type call struct {
	r       *rng
	seed    uint64
	org     *Org
	account *Account
	region  string
	at      time.Time
	actor   *Principal
	// actorAccount owns the actor (another account for cross-account calls).
	actorAccount *Account
	session      string
	op           *operation
	srcIP        string
	vpce         string
	userAgent    string
	console      bool
	// errCode and errMsg are set when the call fails.
	errCode, errMsg string
	// Incidents pin what a call is about and where its key came from.
	target    string // the user or role name an IAM call changes
	policyARN string
	accessKey string // overrides the actor's key (a leaked key)
	// assumed is the role session an AssumeRole call opens.
	assumed        *Principal
	assumedSession string
	// loginFailed and loginMFA shape a ConsoleLogin.
	loginFailed, loginMFA bool
	memoKey, memoBucket   string
}

// appendRecord writes c as one CloudTrail record, members in the order
// CloudTrail writes them.
func appendRecord(b []byte, c *call) []byte {
	o := openObj(b)
	o.str("eventVersion", eventVersion(c.op))
	c.appendUserIdentity(&o)
	o.time("eventTime", c.at)
	o.str("eventSource", c.op.source)
	o.str("eventName", c.op.name)
	o.str("awsRegion", c.region)
	o.str("sourceIPAddress", c.srcIP)
	o.str("userAgent", c.userAgent)
	if c.op.isLogin {
		c.appendConsoleLogin(&o)
		return o.end()
	}
	if c.errCode != "" {
		o.str("errorCode", c.errCode)
		o.str("errorMessage", c.errMsg)
	}
	if c.op.req == nil {
		o.null("requestParameters")
	} else {
		p := o.child("requestParameters")
		c.op.req(c, &p)
		o.adopt(p)
	}
	if c.op.resp == nil || c.errCode != "" {
		o.null("responseElements")
	} else {
		p := o.child("responseElements")
		c.op.resp(c, &p)
		o.adopt(p)
	}
	o.uuid("requestID", c.r)
	o.uuid("eventID", c.r)
	o.bool("readOnly", c.op.readOnly)
	if c.op.resources != nil {
		o.key("resources")
		o.b = append(o.b, '[')
		o.b = c.op.resources(c, o.b)
		o.b = append(o.b, ']')
	}
	o.str("eventType", "AwsApiCall")
	if c.op.apiVersion != "" {
		o.str("apiVersion", c.op.apiVersion)
	}
	o.bool("managementEvent", true)
	o.str("recipientAccountId", c.account.ID)
	if c.actorAccount != c.account {
		o.uuid("sharedEventID", c.r)
	}
	if c.vpce != "" {
		o.str("vpcEndpointId", c.vpce)
		o.str("vpcEndpointAccountId", c.account.ID)
	}
	o.str("eventCategory", "Management")
	if c.actor.service == "" {
		t := o.child("tlsDetails")
		t.str("tlsVersion", "TLSv1.3")
		t.str("cipherSuite", "TLS_AES_128_GCM_SHA256")
		t.key("clientProvidedHostHeader")
		t.b = appendHost(t.b, c.op, c.region)
		o.adopt(t)
	}
	if c.console {
		o.str("sessionCredentialFromConsole", "true")
	}
	return o.end()
}

func eventVersion(op *operation) string {
	if op.isLogin {
		return "1.09"
	}
	return "1.10"
}

// appendHost writes the endpoint a client connected to.
func appendHost(b []byte, op *operation, region string) []byte {
	b = append(b, '"')
	b = append(b, op.endpoint...)
	if !op.global {
		b = append(b, '.')
		b = append(b, region...)
	}
	b = append(b, ".amazonaws.com"...)
	return append(b, '"')
}

func (c *call) appendUserIdentity(o *obj) {
	p := c.actor
	u := o.child("userIdentity")
	switch p.kind {
	case kindAWSService:
		u.str("type", "AWSService")
		u.str("invokedBy", p.service)
		o.adopt(u)
		return
	case kindCrossAccount:
		u.str("type", "AWSAccount")
		u.str("principalId", p.id)
		u.str("accountId", p.userName)
		o.adopt(u)
		return
	}
	if c.op.name == "AssumeRoleWithWebIdentity" {
		provider := "arn:aws:iam::" + c.account.ID + ":oidc-provider/token.actions.githubusercontent.com"
		u.str("type", "WebIdentityUser")
		u.str("principalId", provider+":sts.amazonaws.com:repo:example-org/platform:ref:refs/heads/main")
		u.str("userName", "repo:example-org/platform:ref:refs/heads/main")
		u.str("identityProvider", provider)
		o.adopt(u)
		return
	}
	account := c.actorAccount.ID
	u.str("type", p.idType)
	switch p.kind {
	case kindIAMUser, kindRoot, kindFederated:
		u.str("principalId", p.id)
		u.str("arn", p.arn)
		u.str("accountId", account)
		key, created := p.accessKey, time.Time{}
		if c.console || p.kind != kindIAMUser {
			key, created = sessionCredentials(c.seed, p.arn, "console", c.at)
		}
		if c.accessKey != "" {
			key = c.accessKey
		}
		if !c.op.isLogin {
			u.str("accessKeyId", key)
		}
		if p.userName != "" {
			u.str("userName", p.userName)
		}
		if !created.IsZero() && !c.op.isLogin {
			s := u.child("sessionContext")
			if p.kind == kindFederated {
				i := s.child("sessionIssuer")
				i.str("type", "IAMUser")
				i.str("principalId", "AIDA"+p.id[:12])
				i.str("arn", "arn:aws:iam::"+account+":user/reporting-portal-broker")
				i.str("accountId", account)
				i.str("userName", "reporting-portal-broker")
				s.adopt(i)
			}
			appendSessionAttributes(&s, created, c.loginMFA || (p.person != nil && p.person.mfa && c.console))
			u.adopt(s)
		}
	default: // assumed roles
		u.str("principalId", p.id+":"+c.session)
		u.str("arn", p.sessionARN(account, c.session))
		u.str("accountId", account)
		key, created := sessionCredentials(c.seed, p.arn, c.session, c.at)
		if c.accessKey != "" {
			key = c.accessKey
		}
		if !c.op.isLogin {
			u.str("accessKeyId", key)
		}
		s := u.child("sessionContext")
		i := s.child("sessionIssuer")
		i.str("type", "Role")
		i.str("principalId", p.id)
		i.str("arn", p.arn)
		i.str("accountId", account)
		i.str("userName", p.roleName)
		s.adopt(i)
		s.raw("webIdFederationData", []byte("{}"))
		appendSessionAttributes(&s, created, false)
		if p.kind == kindWorkload && len(c.session) > 2 && c.session[:2] == "i-" {
			s.str("ec2RoleDelivery", "2.0")
		}
		u.adopt(s)
		if p.service != "" {
			u.str("invokedBy", p.service)
		}
	}
	o.adopt(u)
}

func appendSessionAttributes(s *obj, created time.Time, mfa bool) {
	a := s.child("attributes")
	a.time("creationDate", created)
	a.str("mfaAuthenticated", strconv.FormatBool(mfa))
	s.adopt(a)
}

func (c *call) appendConsoleLogin(o *obj) {
	if c.loginFailed {
		o.str("errorMessage", "Failed authentication")
	}
	o.null("requestParameters")
	r := o.child("responseElements")
	if c.loginFailed {
		r.str("ConsoleLogin", "Failure")
	} else {
		r.str("ConsoleLogin", "Success")
	}
	o.adopt(r)
	a := o.child("additionalEventData")
	a.str("LoginTo", "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1_"+c.r.text(hexDigits, 16))
	a.str("MobileVersion", "No")
	if c.loginMFA {
		a.str("MFAUsed", "Yes")
	} else {
		a.str("MFAUsed", "No")
	}
	o.adopt(a)
	o.uuid("eventID", c.r)
	o.bool("readOnly", false)
	o.str("eventType", "AwsConsoleSignIn")
	o.bool("managementEvent", true)
	o.str("recipientAccountId", c.account.ID)
	o.str("eventCategory", "Management")
	t := o.child("tlsDetails")
	t.str("tlsVersion", "TLSv1.3")
	t.str("cipherSuite", "TLS_AES_128_GCM_SHA256")
	t.str("clientProvidedHostHeader", "signin.aws.amazon.com")
	o.adopt(t)
}
