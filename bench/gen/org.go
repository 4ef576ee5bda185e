package gen

import (
	"fmt"
	"net/netip"
	"strings"
)

// allRegions are the regions an organisation's trails cover, busiest
// first; Config.Regions takes a prefix of them.
var allRegions = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1"}

// regionWeights is the share of activity per region: the home region
// dominates, as it does in real organisations.
var regionWeights = []float64{1, 0.35, 0.18, 0.08, 0.04, 0.02}

// Org is the synthetic organisation both generators draw from: the same
// seed gives the same accounts, people, workloads and addresses, so planted
// incidents line up across CloudTrail and VPC Flow Logs.
type Org struct {
	Accounts []*Account
	Regions  []string
	// OfficeIPs are the offices' egress addresses most people work from.
	OfficeIPs []string
	// AttackerIP is where planted incidents come from: never seen before
	// them. ExfilIP receives the planted large egress.
	AttackerIP, ExfilIP string
	// ciIPs are the build runners' addresses; partnerIP a partner's.
	ciIPs     []string
	partnerIP string
	// apiPeers are the outside services workloads call (payment, mail and
	// monitoring APIs): a fixed set, a few of them busy.
	apiPeers    []netip.Addr
	apiPeerPick weighted
	accountPick weighted
}

// Account is one AWS account of the organisation.
type Account struct {
	Index      int
	ID         string
	Principals []*Principal
	principals weighted
	byKind     map[principalKind][]*Principal
	inventory  inventory
	// natIPs are the public addresses of the NAT gateways per region, the
	// source of workload calls to public endpoints.
	natIPs map[string][]string
	vpce   map[string]string // a VPC endpoint per region
	// networks are the VPCs and interfaces per region, for flow logs.
	networks map[string]*network
}

func newOrg(seed uint64, accounts, regions int) *Org {
	r := newRNG(seed, streamOrg)
	o := &Org{Regions: allRegions[:regions]}
	for i := 0; i < 3; i++ {
		o.OfficeIPs = append(o.OfficeIPs, publicIPv4(r))
	}
	o.AttackerIP = publicIPv4(r)
	o.ExfilIP = publicIPv4(r)
	for i := 0; i < 6; i++ {
		o.ciIPs = append(o.ciIPs, awsIPv4(r))
	}
	o.partnerIP = publicIPv4(r)
	for i := 0; i < 300; i++ {
		o.apiPeers = append(o.apiPeers, netip.MustParseAddr(publicIPv4(r)))
	}
	o.apiPeerPick = newWeighted(zipfWeights(len(o.apiPeers), 1.1))
	ids := map[string]bool{}
	accountWeights := make([]float64, accounts)
	for i := 0; i < accounts; i++ {
		id := accountID(r)
		for ids[id] {
			id = accountID(r)
		}
		ids[id] = true
		o.Accounts = append(o.Accounts, &Account{Index: i, ID: id})
		accountWeights[i] = 1 / (1 + 0.6*float64(i))
	}
	o.accountPick = newWeighted(accountWeights)
	people := newPeople(r, 24)
	for _, a := range o.Accounts {
		a.inventory = newInventory(r, a.ID)
		a.natIPs = map[string][]string{}
		a.vpce = map[string]string{}
		a.networks = map[string]*network{}
		for i, region := range o.Regions {
			a.natIPs[region] = []string{awsIPv4(r), awsIPv4(r)}
			a.vpce[region] = "vpce-" + r.text(hexDigits, 17)
			a.networks[region] = newNetwork(r, i, max(4, 40>>i))
		}
		o.addPrincipals(r, a, people)
	}
	return o
}

// Stream numbers keep the organisation, each file and each incident on
// separate random streams.
const (
	streamOrg uint64 = iota + 1
	streamFile
	streamIncident
	streamSlots
)

func accountID(r *rng) string {
	return fmt.Sprintf("%d%011d", 1+r.intn(9), r.intn(100_000_000_000))
}

// publicIPv4 draws a globally routable-looking address: private, loopback,
// link-local, shared and multicast ranges are redrawn.
func publicIPv4(r *rng) string {
	for {
		a, b := 1+r.intn(223), r.intn(256)
		switch {
		case a == 10, a == 127, a == 0, a == 100 && b >= 64 && b < 128,
			a == 169 && b == 254, a == 172 && b >= 16 && b < 32, a == 192 && b == 168:
			continue
		}
		return fmt.Sprintf("%d.%d.%d.%d", a, b, r.intn(256), 1+r.intn(254))
	}
}

// awsIPv4 draws from first octets AWS publishes for EC2 and Lambda.
func awsIPv4(r *rng) string {
	firsts := [...]int{3, 18, 34, 44, 52, 54}
	return fmt.Sprintf("%d.%d.%d.%d", firsts[r.intn(len(firsts))], r.intn(256), r.intn(256), 1+r.intn(254))
}

// publicIPv6 is a global unicast address in canonical form, the form the
// lake keeps, so the rival pipeline and lakehunt store the same text.
func publicIPv6(r *rng) string {
	var a [16]byte
	a[0], a[1] = 0x2a, byte(r.intn(16))
	for i := 2; i < 16; i++ {
		a[i] = byte(r.intn(256))
	}
	return netip.AddrFrom16(a).String()
}

// person is someone who works in the organisation, in every account.
type person struct {
	login string // alice.nguyen
	email string
	ips   []string
	mfa   bool
}

var firstNames = []string{"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
	"mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yasmin", "zoe",
	"arjun", "mei", "sofia", "lucas", "amara", "kenji", "ines"}
var lastNames = []string{"nguyen", "smith", "garcia", "muller", "rossi", "kim", "okafor", "silva", "novak",
	"tanaka", "dubois", "jensen", "kowalski", "patel", "haddad"}

func newPeople(r *rng, n int) []person {
	people := make([]person, n)
	seen := map[string]bool{}
	for i := range people {
		login := firstNames[r.intn(len(firstNames))] + "." + lastNames[r.intn(len(lastNames))]
		for seen[login] {
			login = firstNames[r.intn(len(firstNames))] + "." + lastNames[r.intn(len(lastNames))]
		}
		seen[login] = true
		p := person{login: login, email: login + "@example.com", mfa: r.chance(0.8)}
		p.ips = append(p.ips, "") // office, chosen per call
		if r.chance(0.7) {
			p.ips = append(p.ips, publicIPv4(r))
		}
		if r.chance(0.3) {
			p.ips = append(p.ips, publicIPv6(r))
		}
		people[i] = p
	}
	return people
}

// network is one region's VPC of an account: its interfaces and the
// resolver address, for flow logs.
type network struct {
	vpcID      string
	flowLogID  string
	cidrSecond int // the VPC is 10.<cidrSecond>.0.0/16
	resolver   string
	enis       []*eni
	enisPick   weighted
	byInstance map[string]*eni
	webENIs    []int // interfaces that take traffic from the internet
	dbENIs     []int
}

type eniRole int

const (
	roleWeb eniRole = iota
	roleApp
	roleDB
	roleNAT
	roleLambda
	roleBastion
)

// eni is one network interface and what runs behind it.
type eni struct {
	id, instance, subnet, az string
	ip, ipv6                 string
	addr, addr6              netip.Addr
	role                     eniRole
	// servicePort is what a database or app interface listens on.
	servicePort int32
}

var azSuffixes = []string{"az1", "az2", "az4", "az6"}

func newNetwork(r *rng, regionIndex, n int) *network {
	second := r.intn(256)
	nw := &network{
		vpcID:      "vpc-" + r.text(hexDigits, 17),
		flowLogID:  "fl-" + r.text(hexDigits, 17),
		cidrSecond: second,
		byInstance: map[string]*eni{},
		resolver:   fmt.Sprintf("10.%d.0.2", second),
	}
	subnets := make([]string, 3)
	for i := range subnets {
		subnets[i] = "subnet-" + r.text(hexDigits, 17)
	}
	weights := zipfWeights(n, 0.9)
	roles := []eniRole{roleWeb, roleWeb, roleApp, roleApp, roleApp, roleDB, roleNAT, roleLambda, roleApp, roleBastion}
	for i := 0; i < n; i++ {
		role := roles[i%len(roles)]
		z := r.intn(len(subnets))
		e := &eni{
			id:     "eni-" + r.text(hexDigits, 17),
			subnet: subnets[z],
			az:     azPrefix(allRegions[regionIndex]) + "-" + azSuffixes[z],
			ip:     fmt.Sprintf("10.%d.%d.%d", second, 1+z*16+r.intn(16), 4+r.intn(250)),
			role:   role,
		}
		if role != roleNAT && role != roleLambda {
			e.instance = "i-" + r.text(hexDigits, 17)
			nw.byInstance[e.instance] = e
		}
		if role == roleWeb && r.chance(0.5) {
			e.ipv6 = publicIPv6(r)
			e.addr6 = netip.MustParseAddr(e.ipv6)
		}
		e.addr = netip.MustParseAddr(e.ip)
		e.servicePort = []int32{5432, 3306, 6379, 9200, 27017, 8080}[r.intn(6)]
		switch role {
		case roleWeb:
			nw.webENIs = append(nw.webENIs, i)
		case roleDB:
			nw.dbENIs = append(nw.dbENIs, i)
		}
		nw.enis = append(nw.enis, e)
	}
	nw.enisPick = newWeighted(weights)
	return nw
}

// azPrefix is AWS's zone-id prefix: "use1" for us-east-1.
func azPrefix(region string) string {
	parts := strings.Split(region, "-")
	var b strings.Builder
	for i, p := range parts {
		switch {
		case i == len(parts)-1:
			b.WriteString(p)
		case i == 0:
			b.WriteString(p[:min(len(p), 2)])
		default:
			b.WriteString(p[:1])
		}
	}
	return b.String()
}
