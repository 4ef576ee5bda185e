package gen

import (
	"strconv"
	"time"
)

// The requestParameters, responseElements and resources of each operation,
// shaped as CloudTrail records them.

func (c *call) inv() *inventory { return &c.account.inventory }

// keyARN and bucket pick once per call, so that requestParameters and
// resources name the same key or bucket.
func (c *call) keyARN() string {
	if c.memoKey == "" {
		c.memoKey = "arn:aws:kms:" + c.region + ":" + c.account.ID + ":key/" + pickSkewed(c.r, c.inv().kmsKeys)
	}
	return c.memoKey
}

func (c *call) instance() string {
	enis := c.account.networks[c.region].enis
	for i := 0; i < 8; i++ {
		if e := enis[c.r.skewed(len(enis))]; e.instance != "" {
			return e.instance
		}
	}
	return enis[0].instance
}

func (c *call) eni() *eni {
	enis := c.account.networks[c.region].enis
	return enis[c.r.skewed(len(enis))]
}

func (c *call) roleName() string {
	if c.target != "" {
		return c.target
	}
	return pickSkewed(c.r, workloadRoles) + "-role"
}

func (c *call) userName() string {
	if c.target != "" {
		return c.target
	}
	for i := 0; i < 8; i++ {
		if p := c.account.Principals[c.r.intn(len(c.account.Principals))]; p.kind == kindIAMUser {
			return p.userName
		}
	}
	return "svc-reporting"
}

// service is the application a call concerns: mostly the actor's own for
// workloads and functions, any for people and pipelines.
func (c *call) service() string {
	if c.actor.app != "" && c.r.chance(0.9) {
		return c.actor.app
	}
	return pickSkewed(c.r, c.inv().services)
}

func reqDecrypt(c *call, o *obj) {
	o.str("encryptionAlgorithm", "SYMMETRIC_DEFAULT")
	if c.r.chance(0.5) {
		e := o.child("encryptionContext")
		e.str("aws:lambda:FunctionArn", "arn:aws:lambda:"+c.region+":"+c.account.ID+":function:"+c.service()+"-handler")
		o.adopt(e)
	}
}

func reqGenerateDataKey(c *call, o *obj) {
	o.str("keyId", "alias/"+c.service())
	o.str("keySpec", "AES_256")
}

func reqEncrypt(c *call, o *obj) {
	o.str("keyId", c.keyARN())
	o.str("encryptionAlgorithm", "SYMMETRIC_DEFAULT")
}

func reqKeyID(c *call, o *obj) { o.str("keyId", c.keyARN()) }

func resKMSKey(c *call, b []byte) []byte {
	r := openObj(b)
	r.str("accountId", c.account.ID)
	r.str("type", "AWS::KMS::Key")
	r.str("ARN", c.keyARN())
	return r.end()
}

func reqEmptyLimit(c *call, o *obj) { o.int("limit", 100) }

func reqEmptyPage(c *call, o *obj) { o.int("maxResults", 100) }

func reqEmptyRegistry(c *call, o *obj) {
	o.key("registryIds")
	o.b = append(o.b, '[')
	o.b = appendString(o.b, c.account.ID)
	o.b = append(o.b, ']')
}

// reqAssumeRole names the role session the call opens; the same session
// then shows up as the actor of later calls.
func reqAssumeRole(c *call, o *obj) {
	o.str("roleArn", c.assumed.arn)
	o.str("roleSessionName", c.assumedSession)
	o.int("durationSeconds", 3600)
}

func reqAssumeRoleWithWebIdentity(c *call, o *obj) {
	o.str("roleArn", c.assumed.arn)
	o.str("roleSessionName", c.assumedSession)
	o.str("durationSeconds", "3600")
}

func respAssumeRole(c *call, o *obj) {
	key, created := sessionCredentials(c.seed, c.assumed.arn, c.assumedSession, c.at)
	cr := o.child("credentials")
	cr.str("accessKeyId", key)
	cr.key("sessionToken")
	cr.b = append(cr.b, '"')
	cr.b = c.r.appendFrom(cr.b, alphaNum, 64)
	cr.b = append(cr.b, '"')
	cr.str("expiration", created.Add(time.Hour).Format("Jan 2, 2006, 3:04:05 PM"))
	o.adopt(cr)
	u := o.child("assumedRoleUser")
	u.str("assumedRoleId", c.assumed.id+":"+c.assumedSession)
	u.str("arn", c.assumed.sessionARN(c.account.ID, c.assumedSession))
	o.adopt(u)
}

func resAssumedRole(c *call, b []byte) []byte {
	r := openObj(b)
	r.str("accountId", c.account.ID)
	r.str("type", "AWS::IAM::Role")
	r.str("ARN", c.assumed.arn)
	return r.end()
}

func reqGetParameter(c *call, o *obj) {
	o.str("name", parameterOf(c.r, c.service()))
	o.bool("withDecryption", true)
}

func reqGetParameters(c *call, o *obj) {
	o.key("names")
	o.b = append(o.b, '[')
	for i := 0; i < 3; i++ {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = appendString(o.b, parameterOf(c.r, c.service()))
	}
	o.b = append(o.b, ']')
	o.bool("withDecryption", true)
}

func reqUpdateInstanceInformation(c *call, o *obj) {
	o.str("instanceId", c.instance())
	o.str("agentVersion", "3.3.484.0")
	o.str("agentStatus", "Active")
	o.str("platformType", "Linux")
	o.str("platformName", "Amazon Linux")
	o.str("platformVersion", "2023")
	o.str("iPAddress", c.eni().ip)
	o.str("computerName", "ip-10-0-1-25.ec2.internal")
	o.str("agentName", "amazon-ssm-agent")
	o.str("availabilityZone", c.region+"a")
}

func reqInstanceID(c *call, o *obj) { o.str("instanceId", c.instance()) }

func reqSecretID(c *call, o *obj) { o.str("secretId", secretOf(c.r, c.service())) }

func reqCreateLogStream(c *call, o *obj) {
	o.str("logGroupName", logGroupOf(c.r, c.service()))
	o.key("logStreamName")
	o.b = append(o.b, '"')
	o.b = appendTimeDate(o.b, c.at)
	o.b = append(o.b, "/[$LATEST]"...)
	o.b = c.r.appendFrom(o.b, hexDigits, 32)
	o.b = append(o.b, '"')
}

func appendTimeDate(b []byte, t time.Time) []byte {
	y, m, d := t.UTC().Date()
	b = appendDigits(b, y, 4)
	b = append(b, '/')
	b = appendDigits(b, int(m), 2)
	b = append(b, '/')
	return appendDigits(b, d, 2)
}

func reqLogGroupPrefix(c *call, o *obj) { o.str("logGroupNamePrefix", "/aws/lambda/") }

func reqFilterLogEvents(c *call, o *obj) {
	o.str("logGroupName", logGroupOf(c.r, c.service()))
	o.int("startTime", c.at.Add(-time.Hour).UnixMilli())
	o.str("filterPattern", "ERROR")
	o.bool("interleaved", true)
}

func reqPutRetentionPolicy(c *call, o *obj) {
	o.str("logGroupName", logGroupOf(c.r, c.service()))
	o.int("retentionInDays", 90)
}

func reqTableName(c *call, o *obj) { o.str("tableName", pickSkewed(c.r, c.inv().tables)) }

func reqBatchGetImage(c *call, o *obj) {
	o.str("repositoryName", pickSkewed(c.r, c.inv().repos))
	o.str("registryId", c.account.ID)
	o.raw("imageIds", []byte(`[{"imageTag":"latest"}]`))
	o.raw("acceptedMediaTypes", []byte(`["application/vnd.docker.distribution.manifest.v2+json","application/vnd.oci.image.manifest.v1+json"]`))
}

func reqDescribeServices(c *call, o *obj) {
	o.str("cluster", pickSkewed(c.r, c.inv().ecsClusters))
	o.key("services")
	o.b = append(o.b, '[')
	o.b = appendString(o.b, c.service())
	o.b = append(o.b, ']')
}

func reqEKSCluster(c *call, o *obj) { o.str("name", c.inv().eksCluster) }

func reqTargetGroup(c *call, o *obj) {
	o.str("targetGroupArn", "arn:aws:elasticloadbalancing:"+c.region+":"+c.account.ID+":targetgroup/"+c.service()+"-tg/"+c.r.text(hexDigits, 16))
}

func reqGetMetricData(c *call, o *obj) {
	o.key("metricDataQueries")
	o.b = append(o.b, `[{"id":"m1","metricStat":{"metric":{"namespace":"AWS/EC2","metricName":"CPUUtilization","dimensions":[{"name":"InstanceId","value":`...)
	o.b = appendString(o.b, c.instance())
	o.b = append(o.b, `}]},"period":300,"stat":"Average"},"returnData":true}]`...)
	o.time("startTime", c.at.Add(-3*time.Hour))
	o.time("endTime", c.at)
}

func reqPutMetricAlarm(c *call, o *obj) {
	o.str("alarmName", c.service()+"-5xx-rate")
	o.str("metricName", "HTTPCode_Target_5XX_Count")
	o.str("namespace", "AWS/ApplicationELB")
	o.str("statistic", "Sum")
	o.int("period", 60)
	o.int("evaluationPeriods", 5)
	o.key("threshold")
	o.b = append(o.b, "10.0"...)
	o.str("comparisonOperator", "GreaterThanThreshold")
}

func reqDescribeInstances(c *call, o *obj) {
	is := o.child("instancesSet")
	if c.r.chance(0.6) {
		is.key("items")
		is.b = append(is.b, `[{"instanceId":`...)
		is.b = appendString(is.b, c.instance())
		is.b = append(is.b, `}]`...)
	}
	o.adopt(is)
	o.raw("filterSet", []byte("{}"))
}

func reqDescribeTags(c *call, o *obj) {
	o.key("filterSet")
	o.b = append(o.b, `{"items":[{"name":"resource-id","valueSet":{"items":[{"value":`...)
	o.b = appendString(o.b, c.instance())
	o.b = append(o.b, `}]}}]}`...)
}

func reqFilterSet(c *call, o *obj) { o.raw("filterSet", []byte("{}")) }

func reqGroupSet(c *call, o *obj) {
	o.key("securityGroupSet")
	o.b = append(o.b, `{"items":[{"groupId":`...)
	o.b = appendString(o.b, pickSkewed(c.r, c.inv().securityGroups))
	o.b = append(o.b, `}]}`...)
	o.raw("securityGroupIdSet", []byte("{}"))
	o.raw("filterSet", []byte("{}"))
}

func reqDescribeRegions(c *call, o *obj) {
	o.raw("regionSet", []byte("{}"))
	o.bool("allRegions", c.r.chance(0.5))
}

func reqDescribeImages(c *call, o *obj) {
	o.raw("executableBySet", []byte("{}"))
	o.raw("ownersSet", []byte(`{"items":[{"owner":"amazon"}]}`))
	o.raw("filterSet", []byte(`{"items":[{"name":"name","valueSet":{"items":[{"value":"al2023-ami-2023.*-x86_64"}]}}]}`))
}

func reqRunInstances(c *call, o *obj) {
	o.key("instancesSet")
	o.b = append(o.b, `{"items":[{"imageId":"ami-0`...)
	o.b = c.r.appendFrom(o.b, hexDigits, 16)
	o.b = append(o.b, `","minCount":1,"maxCount":1}]}`...)
	o.str("instanceType", []string{"t3.micro", "t3.medium", "m6i.large", "c6i.xlarge", "r6g.large"}[c.r.intn(5)])
	o.raw("blockDeviceMapping", []byte("{}"))
	o.bool("monitoring", false)
	o.bool("disableApiTermination", false)
	o.raw("disableApiStop", []byte("false"))
	o.str("subnetId", c.eni().subnet)
	o.str("userData", "<sensitiveDataRemoved>")
	o.key("iamInstanceProfile")
	o.b = append(o.b, `{"name":`...)
	o.b = appendString(o.b, c.roleName())
	o.b = append(o.b, '}')
}

func respRunInstances(c *call, o *obj) {
	o.uuid("requestId", c.r)
	o.str("reservationId", "r-0"+c.r.text(hexDigits, 16))
	o.str("ownerId", c.account.ID)
	o.raw("groupSet", []byte("{}"))
	o.key("instancesSet")
	o.b = append(o.b, `{"items":[{"instanceId":"i-0`...)
	o.b = c.r.appendFrom(o.b, hexDigits, 16)
	o.b = append(o.b, `","instanceState":{"code":0,"name":"pending"},"privateIpAddress":`...)
	o.b = appendString(o.b, c.eni().ip)
	o.b = append(o.b, `}]}`...)
}

func reqInstancesSet(c *call, o *obj) {
	o.key("instancesSet")
	o.b = append(o.b, `{"items":[{"instanceId":`...)
	o.b = appendString(o.b, c.instance())
	o.b = append(o.b, `}]}`...)
}

func reqStopInstances(c *call, o *obj) {
	reqInstancesSet(c, o)
	o.bool("force", false)
}

func reqCreateTags(c *call, o *obj) {
	o.key("resourcesSet")
	o.b = append(o.b, `{"items":[{"resourceId":`...)
	o.b = appendString(o.b, c.instance())
	o.b = append(o.b, `}]}`...)
	o.key("tagSet")
	o.b = append(o.b, `{"items":[{"key":"service","value":`...)
	o.b = appendString(o.b, c.service())
	o.b = append(o.b, `},{"key":"env","value":"prod"}]}`...)
}

func reqSecurityGroupRule(c *call, o *obj) {
	port := []int{443, 80, 22, 5432, 3306, 8080, 6379}[c.r.skewed(7)]
	cidr := "10.0.0.0/8"
	if c.r.chance(0.2) {
		cidr = "0.0.0.0/0"
	}
	o.str("groupId", pickSkewed(c.r, c.inv().securityGroups))
	o.key("ipPermissions")
	o.b = append(o.b, `{"items":[{"ipProtocol":"tcp","fromPort":`...)
	o.b = strconv.AppendInt(o.b, int64(port), 10)
	o.b = append(o.b, `,"toPort":`...)
	o.b = strconv.AppendInt(o.b, int64(port), 10)
	o.b = append(o.b, `,"groups":{},"ipRanges":{"items":[{"cidrIp":`...)
	o.b = appendString(o.b, cidr)
	o.b = append(o.b, `}]},"ipv6Ranges":{},"prefixListIds":{}}]}`...)
}

func reqCreateSecurityGroup(c *call, o *obj) {
	o.str("groupName", c.service()+"-sg-"+c.r.text(hexDigits, 6))
	o.str("groupDescription", "Managed by Terraform")
	o.str("vpcId", c.account.networks[c.region].vpcID)
}

func reqCreateNetworkInterface(c *call, o *obj) {
	o.str("subnetId", c.eni().subnet)
	o.str("description", "AWS Lambda VPC ENI-"+c.service()+"-handler-"+c.r.text(hexDigits, 8))
	o.key("groupSet")
	o.b = append(o.b, `{"items":[{"groupId":`...)
	o.b = appendString(o.b, pickSkewed(c.r, c.inv().securityGroups))
	o.b = append(o.b, `}]}`...)
}

func reqNetworkInterfaceID(c *call, o *obj) { o.str("networkInterfaceId", c.eni().id) }

func reqCreateSnapshot(c *call, o *obj) {
	o.str("volumeId", "vol-0"+c.r.text(hexDigits, 16))
	o.str("description", "Created by AWS Backup")
}

func (c *call) bucket() string {
	if c.memoBucket == "" {
		c.memoBucket = pickSkewed(c.r, c.inv().buckets)
	}
	return c.memoBucket
}

func reqS3Host(c *call, o *obj) { o.str("Host", "s3.amazonaws.com") }

// reqBucketSub is a bucket-level S3 call: the bucket and its sub-resource.
func reqBucketSub(sub string) func(c *call, o *obj) {
	return func(c *call, o *obj) {
		bucket := c.bucket()
		o.str("bucketName", bucket)
		o.str("Host", bucket+".s3."+c.region+".amazonaws.com")
		if sub != "" {
			o.str(sub, "")
		}
	}
}

func reqPutBucketPolicy(c *call, o *obj) {
	bucket := c.bucket()
	o.str("bucketName", bucket)
	o.str("Host", bucket+".s3."+c.region+".amazonaws.com")
	o.key("bucketPolicy")
	o.b = append(o.b, `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::`...)
	o.b = append(o.b, bucket...)
	o.b = append(o.b, `/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`...)
	o.str("policy", "")
}

func resBucket(c *call, b []byte) []byte {
	r := openObj(b)
	r.str("accountId", c.account.ID)
	r.str("type", "AWS::S3::Bucket")
	r.str("ARN", "arn:aws:s3:::"+c.bucket())
	return r.end()
}

func reqFunctionName(c *call, o *obj) { o.str("functionName", pickSkewed(c.r, c.inv().functions)) }

func reqUpdateFunctionCode(c *call, o *obj) {
	fn := pickSkewed(c.r, c.inv().functions)
	o.str("functionName", fn)
	o.str("s3Bucket", c.bucket())
	o.str("s3Key", "lambda/"+fn+"/"+c.r.text(hexDigits, 40)+".zip")
	o.bool("publish", true)
	o.bool("dryRun", false)
}

func reqStackName(c *call, o *obj) { o.str("stackName", pickSkewed(c.r, c.inv().stacks)) }

func reqCreateChangeSet(c *call, o *obj) {
	o.str("stackName", pickSkewed(c.r, c.inv().stacks))
	o.str("changeSetName", "deploy-"+c.r.text(hexDigits, 12))
	o.str("changeSetType", "UPDATE")
	o.raw("capabilities", []byte(`["CAPABILITY_IAM","CAPABILITY_NAMED_IAM"]`))
}

func reqExecuteChangeSet(c *call, o *obj) {
	o.str("stackName", pickSkewed(c.r, c.inv().stacks))
	o.str("changeSetName", "deploy-"+c.r.text(hexDigits, 12))
}

func reqRegisterTaskDefinition(c *call, o *obj) {
	s := c.service()
	o.str("family", s)
	o.str("networkMode", "awsvpc")
	o.key("containerDefinitions")
	o.b = append(o.b, `[{"name":`...)
	o.b = appendString(o.b, s)
	o.b = append(o.b, `,"image":`...)
	o.b = appendString(o.b, c.account.ID+".dkr.ecr."+c.region+".amazonaws.com/"+s+":"+c.r.text(hexDigits, 8))
	o.b = append(o.b, `,"cpu":256,"memory":512,"essential":true}]`...)
	o.raw("requiresCompatibilities", []byte(`["FARGATE"]`))
	o.str("cpu", "256")
	o.str("memory", "512")
}

func reqUpdateService(c *call, o *obj) {
	s := c.service()
	o.str("cluster", pickSkewed(c.r, c.inv().ecsClusters))
	o.str("service", s)
	o.str("taskDefinition", s+":"+strconv.Itoa(1+c.r.intn(300)))
	o.bool("forceNewDeployment", false)
}

func reqRoleName(c *call, o *obj) { o.str("roleName", c.roleName()) }

func reqUserName(c *call, o *obj) { o.str("userName", c.userName()) }

func reqAuthorizationDetails(c *call, o *obj) {
	o.raw("filter", []byte(`["User","Role","Group","LocalManagedPolicy","AWSManagedPolicy"]`))
	o.int("maxItems", 1000)
}

func reqListPolicies(c *call, o *obj) {
	o.str("scope", "Local")
	o.bool("onlyAttached", false)
}

func reqGetPolicyVersion(c *call, o *obj) {
	o.str("policyArn", "arn:aws:iam::"+c.account.ID+":policy/"+c.service()+"-access")
	o.str("versionId", "v"+strconv.Itoa(1+c.r.intn(5)))
}

const assumeRolePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

func reqCreateRole(c *call, o *obj) {
	o.str("roleName", c.roleName())
	o.str("assumeRolePolicyDocument", assumeRolePolicy)
	o.str("description", "Managed by Terraform")
	o.int("maxSessionDuration", 3600)
}

func respCreateRole(c *call, o *obj) {
	name := c.roleName()
	r := o.child("role")
	r.str("path", "/")
	r.str("roleName", name)
	r.str("roleId", "AROA"+c.r.text(keyAlphabet, 17))
	r.str("arn", "arn:aws:iam::"+c.account.ID+":role/"+name)
	r.str("createDate", c.at.UTC().Format("Jan 2, 2006, 3:04:05 PM"))
	r.str("assumeRolePolicyDocument", "%7B%22Version%22%3A%222012-10-17%22%7D")
	o.adopt(r)
}

func reqPutRolePolicy(c *call, o *obj) {
	s := c.service()
	o.str("roleName", c.roleName())
	o.str("policyName", s+"-inline")
	o.str("policyDocument", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::`+c.bucket()+`/*"}]}`)
}

var managedPolicies = []string{
	"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
	"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
	"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
}

func (c *call) policy() string {
	if c.policyARN != "" {
		return c.policyARN
	}
	return pickSkewed(c.r, managedPolicies)
}

func reqAttachRolePolicy(c *call, o *obj) {
	o.str("roleName", c.roleName())
	o.str("policyArn", c.policy())
}

func reqAttachUserPolicy(c *call, o *obj) {
	o.str("userName", c.userName())
	o.str("policyArn", c.policy())
}

func reqTagRole(c *call, o *obj) {
	o.str("roleName", c.roleName())
	o.key("tags")
	o.b = append(o.b, `[{"key":"owner","value":`...)
	o.b = appendString(o.b, c.service())
	o.b = append(o.b, `}]`...)
}

func reqCreatePolicy(c *call, o *obj) {
	s := c.service()
	o.str("policyName", s+"-access-"+c.r.text(hexDigits, 4))
	o.str("policyDocument", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],"Resource":"arn:aws:dynamodb:*:`+c.account.ID+`:table/`+s+`"}]}`)
	o.str("description", "Managed by Terraform")
}

func respCreateUser(c *call, o *obj) {
	name := c.userName()
	u := o.child("user")
	u.str("path", "/")
	u.str("userName", name)
	u.str("userId", "AIDA"+c.r.text(keyAlphabet, 17))
	u.str("arn", "arn:aws:iam::"+c.account.ID+":user/"+name)
	u.str("createDate", c.at.UTC().Format("Jan 2, 2006, 3:04:05 PM"))
	o.adopt(u)
}

func respCreateAccessKey(c *call, o *obj) {
	k := o.child("accessKey")
	k.str("userName", c.userName())
	k.str("accessKeyId", "AKIA"+c.r.text(keyAlphabet, 16))
	k.str("status", "Active")
	k.str("createDate", c.at.UTC().Format("Jan 2, 2006, 3:04:05 PM"))
	o.adopt(k)
}

func reqUpdateAccessKey(c *call, o *obj) {
	o.str("userName", c.userName())
	o.str("accessKeyId", "AKIA"+c.r.text(keyAlphabet, 16))
	o.str("status", []string{"Inactive", "Active"}[c.r.intn(2)])
}

func reqAccessKey(c *call, o *obj) {
	o.str("userName", c.userName())
	o.str("accessKeyId", "AKIA"+c.r.text(keyAlphabet, 16))
}

func reqCreateLoginProfile(c *call, o *obj) {
	o.str("userName", c.userName())
	o.bool("passwordResetRequired", c.target == "")
}

func reqEnableMFADevice(c *call, o *obj) {
	user := c.userName()
	o.str("userName", user)
	o.str("serialNumber", "arn:aws:iam::"+c.account.ID+":mfa/"+user)
}

func reqGetSessionToken(c *call, o *obj) { o.int("durationSeconds", 43200) }

func reqHealth(c *call, o *obj) {
	o.str("aggregateField", "eventTypeCategory")
	o.raw("filter", []byte(`{"eventStatusCodes":["open","upcoming"]}`))
}

func reqCostAndUsage(c *call, o *obj) {
	o.key("timePeriod")
	o.b = append(o.b, `{"start":"`...)
	o.b = appendTimeDay(o.b, c.at.AddDate(0, -1, 0))
	o.b = append(o.b, `","end":"`...)
	o.b = appendTimeDay(o.b, c.at)
	o.b = append(o.b, `"}`...)
	o.str("granularity", "DAILY")
	o.raw("metrics", []byte(`["UnblendedCost"]`))
}

func appendTimeDay(b []byte, t time.Time) []byte {
	y, m, d := t.UTC().Date()
	b = appendDigits(b, y, 4)
	b = append(b, '-')
	b = appendDigits(b, int(m), 2)
	b = append(b, '-')
	return appendDigits(b, d, 2)
}

func reqChangeRecordSets(c *call, o *obj) {
	o.str("hostedZoneId", "Z0"+c.r.text(keyAlphabet, 19))
	o.key("changeBatch")
	o.b = append(o.b, `{"changes":[{"action":"UPSERT","resourceRecordSet":{"name":"`...)
	o.b = append(o.b, c.service()...)
	o.b = append(o.b, `.example.com","type":"CNAME","tTL":300,"resourceRecords":[{"value":"lb.example.com"}]}}]}`...)
}

func (c *call) trailARN() string {
	return "arn:aws:cloudtrail:us-east-1:" + c.org.Accounts[0].ID + ":trail/org-trail"
}

func reqDescribeTrails(c *call, o *obj) {
	o.raw("trailNameList", []byte("[]"))
	o.bool("includeShadowTrails", true)
}

func reqTrailName(c *call, o *obj) { o.str("name", c.trailARN()) }

func reqLookupEvents(c *call, o *obj) {
	o.time("startTime", c.at.Add(-24*time.Hour))
	o.int("maxResults", 50)
}

func reqPutEvaluations(c *call, o *obj) {
	o.key("evaluations")
	o.b = append(o.b, `[{"complianceResourceType":"AWS::EC2::Instance","complianceResourceId":`...)
	o.b = appendString(o.b, c.instance())
	o.b = append(o.b, `,"complianceType":"COMPLIANT","orderingTimestamp":"`...)
	o.b = appendTimeZ(o.b, c.at)
	o.b = append(o.b, `"}]`...)
	o.str("resultToken", "")
	o.bool("testMode", false)
}

func reqBatchImportFindings(c *call, o *obj) {
	o.key("findings")
	o.b = append(o.b, `[{"SchemaVersion":"2018-10-08","ProductArn":"arn:aws:securityhub:`...)
	o.b = append(o.b, c.region...)
	o.b = append(o.b, `::product/aws/guardduty","AwsAccountId":`...)
	o.b = appendString(o.b, c.account.ID)
	o.b = append(o.b, `}]`...)
}
