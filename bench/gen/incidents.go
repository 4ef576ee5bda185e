package gen

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Incident describes one planted incident, for the hunt and investigation
// tests that must find it.
type Incident struct {
	ID          string    `json:"id"`
	Description string    `json:"description"`
	Account     string    `json:"account"`
	Region      string    `json:"region"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	// Actor is the principal ARN (CloudTrail) the incident acts as.
	Actor       string `json:"actor,omitempty"`
	AccessKeyID string `json:"access_key_id,omitempty"`
	SrcIP       string `json:"src_ip,omitempty"`
	DstIP       string `json:"dst_ip,omitempty"`
	UserAgent   string `json:"user_agent,omitempty"`
	// EventNames are the CloudTrail operations it made, in order, once each.
	EventNames []string `json:"event_names,omitempty"`
	// Records counts the log records it added.
	Records int `json:"records"`
	// Errors counts its failed calls.
	Errors int `json:"errors,omitempty"`
	// DstPorts counts the distinct ports a scan probed.
	DstPorts int `json:"dst_ports,omitempty"`
	// Bytes is the traffic of a transfer.
	Bytes   int64             `json:"bytes,omitempty"`
	Details map[string]string `json:"details,omitempty"`
}

// IncidentsFile is _incidents.json: what each generator planted under one
// output directory.
type IncidentsFile struct {
	Seed       uint64     `json:"seed"`
	CloudTrail []Incident `json:"cloudtrail,omitempty"`
	VPCFlow    []Incident `json:"vpcflow,omitempty"`
}

// IncidentsFileName is the file next to AWSLogs/ that lists the incidents.
// The underscore makes ingest of the whole directory pass it by, as Athena
// passes by _SUCCESS files.
const IncidentsFileName = "_incidents.json"

// ReadIncidents reads the _incidents.json of an output directory.
func ReadIncidents(dir string) (*IncidentsFile, error) {
	data, err := os.ReadFile(filepath.Join(dir, IncidentsFileName))
	if err != nil {
		return nil, err
	}
	var f IncidentsFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("cannot parse %s: %w", IncidentsFileName, err)
	}
	return &f, nil
}

// plantIncidents plants one source's incidents (plant gives the records
// and the incidents they make), records the incidents in _incidents.json
// and returns the records by the index of the file that holds them, which
// place tells by slot, account and region: files are indexed slot-major,
// then account, then region, as fileWeights weighs them.
func plantIncidents[T any](cfg *Config, org *Org, source string, plant func(*Config, *Org) ([]T, []Incident), place func(T) (slot, account, region int)) (map[int][]T, error) {
	records, incidents := plant(cfg, org)
	byFile := map[int][]T{}
	for _, rec := range records {
		slot, account, region := place(rec)
		i := (slot*len(org.Accounts)+account)*len(org.Regions) + region
		byFile[i] = append(byFile[i], rec)
	}
	return byFile, writeIncidents(cfg.Out, cfg.Seed, source, incidents)
}

// writeIncidents replaces one source's incidents in _incidents.json and
// keeps the other's, so both generators can share an output directory.
func writeIncidents(dir string, seed uint64, source string, incidents []Incident) error {
	f, err := ReadIncidents(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && f.Seed != seed) {
		f, err = &IncidentsFile{Seed: seed}, nil
	}
	if err != nil {
		return err
	}
	if source == "cloudtrail" {
		f.CloudTrail = incidents
	} else {
		f.VPCFlow = incidents
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, IncidentsFileName), append(data, '\n'), 0o644)
}

// incidentTime is when the planted story starts: two thirds into the
// span, at 14:00 UTC on that day, so a one-day window can isolate it.
func incidentTime(cfg *Config) time.Time {
	day := cfg.Start.Truncate(24*time.Hour).AddDate(0, 0, cfg.Days*2/3)
	t := day.Add(14 * time.Hour)
	if !t.Before(cfg.end()) || t.Before(cfg.Start) {
		t = cfg.Start.Add(cfg.end().Sub(cfg.Start) / 2)
	}
	return t
}

// plannedCall is a planted CloudTrail call, drawn when its file is.
type plannedCall struct {
	tmpl call
	deny bool
}

func (pc plannedCall) slot(cfg *Config) int { return int(pc.tmpl.at.Sub(cfg.Start) / slotLength) }

func (pc plannedCall) render(c *call, r *rng, seed uint64, org *Org) {
	*c = pc.tmpl
	c.r, c.seed, c.org = r, seed, org
	if pc.deny {
		c.denied()
	}
}

const attackerAgent = "Boto3/1.26.0 Python/3.11.2 Linux/6.3.0-kali1-amd64 Botocore/1.29.0"

// discoveryBurst is what an intruder with fresh credentials asks first;
// the ones marked denied fail for the stolen user.
var discoveryBurst = []struct {
	name   string
	denied bool
}{
	{"ListUsers", false}, {"ListRoles", false}, {"ListAttachedUserPolicies", false},
	{"GetAccountAuthorizationDetails", true}, {"ListAccessKeys", false}, {"GetAccountSummary", false},
	{"ListPolicies", false}, {"ListBuckets", false}, {"GetBucketAcl", true}, {"GetBucketPolicy", true},
	{"DescribeTrails", false}, {"ListDetectors", true}, {"DescribeRegions", false},
	{"DescribeInstances", false}, {"DescribeSecurityGroups", false}, {"DescribeVpcs", false},
	{"DescribeSubnets", false}, {"DescribeDBInstances", true}, {"ListFunctions20150331", false},
	{"GetSecretValue", true}, {"DescribeKey", true},
}

// plantCloudTrailIncidents builds the leaked-key intrusion and a console
// brute force in the first account.
func plantCloudTrailIncidents(cfg *Config, org *Org) ([]plannedCall, []Incident) {
	a := org.Accounts[0]
	users := a.byKind[kindIAMUser]
	victim, bruteTarget := users[0], users[1%len(users)]
	home := org.Regions[0]
	base := incidentTime(cfg)
	var calls []plannedCall

	// 1. A leaked long-term key used from an address the organisation has
	// never used: who am I, a discovery burst across regions, a new admin
	// user with keys and a password, then the trail is stopped.
	leak := Incident{
		ID: "leaked_access_key", Account: a.ID, Region: home, Start: base,
		Description: "A leaked IAM user access key is used from a new IP: discovery burst, CreateUser, CreateAccessKey, AttachUserPolicy AdministratorAccess, CreateLoginProfile, StopLogging.",
		Actor:       victim.arn, AccessKeyID: victim.accessKey, SrcIP: org.AttackerIP, UserAgent: attackerAgent,
		Details: map[string]string{"created_user": "svc-backup", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess", "trail": "arn:aws:cloudtrail:us-east-1:" + org.Accounts[0].ID + ":trail/org-trail"},
	}
	at := base
	add := func(inc *Incident, name, region string, deny bool, edit func(*call)) {
		c := call{account: a, actorAccount: a, region: region, at: at, actor: victim, op: opNamed(name),
			srcIP: org.AttackerIP, userAgent: attackerAgent, accessKey: victim.accessKey}
		if edit != nil {
			edit(&c)
		}
		calls = append(calls, plannedCall{tmpl: c, deny: deny})
		if !slices.Contains(inc.EventNames, name) {
			inc.EventNames = append(inc.EventNames, name)
		}
		inc.Records++
		if deny {
			inc.Errors++
		}
		inc.End = at
	}
	add(&leak, "GetCallerIdentity", home, false, nil)
	at = at.Add(20 * time.Second)
	for _, d := range discoveryBurst {
		op := opNamed(d.name)
		regions := []string{home}
		if !op.global && op.prefix == "ec2" {
			regions = org.Regions
		}
		for _, region := range regions {
			add(&leak, d.name, region, d.denied, nil)
			at = at.Add(7 * time.Second)
		}
	}
	at = base.Add(10 * time.Minute)
	target := func(c *call) { c.target = "svc-backup" }
	add(&leak, "CreateUser", home, false, target)
	at = at.Add(30 * time.Second)
	add(&leak, "CreateAccessKey", home, false, target)
	at = at.Add(30 * time.Second)
	add(&leak, "AttachUserPolicy", home, false, func(c *call) {
		c.target, c.policyARN = "svc-backup", "arn:aws:iam::aws:policy/AdministratorAccess"
	})
	at = at.Add(40 * time.Second)
	add(&leak, "CreateLoginProfile", home, false, target)
	at = base.Add(15 * time.Minute)
	add(&leak, "StopLogging", home, false, nil)

	// 2. A console brute force: a dozen failed sign-ins without MFA from
	// one address, then a success.
	bruteIP := publicIPv4(newRNG(cfg.Seed, streamIncident, 2))
	brute := Incident{
		ID: "console_bruteforce", Account: a.ID, Region: home, Start: base.Add(-2 * time.Hour),
		Description: "Twelve failed console logins without MFA for one IAM user from one IP within three minutes, then a successful login without MFA.",
		Actor:       bruteTarget.arn, SrcIP: bruteIP, UserAgent: browserAgents[2],
	}
	at = brute.Start
	for i := 0; i < 13; i++ {
		failed := i < 12
		c := call{account: a, actorAccount: a, region: home, at: at, actor: bruteTarget, op: opNamed("ConsoleLogin"),
			srcIP: bruteIP, userAgent: browserAgents[2], console: true, loginFailed: failed}
		calls = append(calls, plannedCall{tmpl: c})
		brute.Records++
		if failed {
			brute.Errors++
		}
		brute.End = at
		at = at.Add(15 * time.Second)
	}
	brute.EventNames = []string{"ConsoleLogin"}
	return calls, []Incident{leak, brute}
}
