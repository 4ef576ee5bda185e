package gen

import (
	"context"
	"math"
	"net/netip"
	"path"
	"slices"
	"strconv"
	"sync"
	"time"
)

// flowHeader is the custom format the generated flow logs use: AWS's
// fields through version 5, in AWS's order, as a header line names them.
const flowHeader = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path\n"

// GenerateVPCFlow writes cfg.Events VPC Flow Logs records as AWS delivers
// them to S3: one .log.gz file per account, region and five minutes, with
// a header line, under AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/.
func GenerateVPCFlow(ctx context.Context, cfg Config) (Stats, error) {
	if err := cfg.normalise(time.Now()); err != nil {
		return Stats{}, err
	}
	org := newOrg(cfg.Seed, cfg.Accounts, cfg.Regions)
	set := &flowFiles{cfg: &cfg, org: org}
	set.counts = plan(fileWeights(&cfg, org, 0.2), cfg.Events)
	if cfg.Incidents {
		planted, err := plantIncidents(&cfg, org, "vpcflow", plantFlowIncidents, func(rec flowRecord) (int, int, int) {
			return int(time.Unix(rec.start, 0).Sub(cfg.Start) / slotLength), rec.account, rec.region
		})
		if err != nil {
			return Stats{}, err
		}
		set.planted = planted
	}
	return writeFiles(ctx, cfg.Out, set, cfg.Workers)
}

// flowRecord is one flow log line before it is written.
type flowRecord struct {
	e                *eni
	account, region  int
	src, dst         netip.Addr
	pktSrc           netip.Addr // set when it differs from src (a NAT gateway)
	srcPort, dstPort int32
	protocol         int32
	packets, bytes   int64
	start, end       int64
	action           string // ACCEPT, REJECT, or "" for NODATA/SKIPDATA
	status           string
	tcpFlags         int32
	// srcService and dstService name the AWS service at either end
	// (pkt-src-aws-service, pkt-dst-aws-service); "" writes "-".
	srcService, dstService string
	egress                 bool
	path                   int32 // traffic-path; 0 writes "-"
}

type flowFiles struct {
	cfg     *Config
	org     *Org
	counts  []int32
	planted map[int][]flowRecord
}

func (f *flowFiles) len() int { return len(f.counts) }

func (f *flowFiles) render(i int, b []byte) (string, []byte, int) {
	planted := f.planted[i]
	n := int(f.counts[i])
	if n+len(planted) == 0 {
		return "", b, 0
	}
	accounts, regions := len(f.org.Accounts), len(f.org.Regions)
	ri, ai := i%regions, (i/regions)%accounts
	region, account := f.org.Regions[ri], f.org.Accounts[ai]
	slotStart := f.cfg.Start.Add(time.Duration(i/(regions*accounts)) * slotLength)
	r := newRNG(f.cfg.Seed, streamFile, 2, uint64(i))
	g := flowGen{r: r, org: f.org, nw: account.networks[region], slot: slotStart.Unix()}

	scratch := flowScratchPool.Get().(*flowScratch)
	defer flowScratchPool.Put(scratch)
	records := scratch.records[:0]
	for len(records) < n {
		records = g.add(records, n-len(records))
	}
	records = append(records, planted...)
	// Lines go out in time order. Sorting keys (start, then position)
	// rather than the records keeps the order stable and moves 8 bytes
	// per record instead of a whole record.
	order := scratch.order[:0]
	for k := range records {
		order = append(order, uint64(records[k].start-g.slot+3600)<<32|uint64(k))
	}
	slices.Sort(order)

	b = append(b, flowHeader...)
	for _, key := range order {
		b = appendFlowLine(b, &records[uint32(key)], account.ID, region, g.nw.vpcID)
	}
	clear(records) // drop the interface pointers before pooling
	scratch.records, scratch.order = records[:0], order[:0]
	delivered := slotStart.Add(slotLength + time.Duration(r.intn(300))*time.Second)
	name := account.ID + "_vpcflowlogs_" + region + "_" + g.nw.flowLogID + "_" + delivered.Format("20060102T1504Z") + "_" + r.text(hexDigits, 8) + ".log.gz"
	rel := path.Join("AWSLogs", account.ID, "vpcflowlogs", region, delivered.Format("2006/01/02"), name)
	return rel, b, len(records)
}

// flowScratch is a worker's reusable record and ordering space.
type flowScratch struct {
	records []flowRecord
	order   []uint64
}

var flowScratchPool = sync.Pool{New: func() any { return new(flowScratch) }}

// flowGen draws the traffic of one interface set and five minutes.
type flowGen struct {
	r    *rng
	org  *Org
	nw   *network
	slot int64
}

// Traffic patterns and their shares of records.
var flowPatterns = newWeighted([]float64{
	0.28, // inbound web: clients to the web tier
	0.20, // outbound HTTPS: to AWS services and APIs
	0.20, // east-west: apps to databases
	0.03, // UDP out: DNS and NTP to public servers
	0.14, // internet noise: probes the security groups reject
	0.02, // SSH from the office to the bastion
	0.03, // NODATA and SKIPDATA
	0.02, // rejected egress
	0.08, // NAT gateway: private hosts reaching out
})

var scanPorts = []int32{22, 23, 3389, 445, 1433, 5900, 8080, 6379, 9200, 80, 443, 8443, 2375, 5985}

var awsServiceRanges = []struct {
	name   string
	prefix [2]byte
}{{"S3", [2]byte{52, 216}}, {"DYNAMODB", [2]byte{3, 218}}, {"AMAZON", [2]byte{54, 239}}, {"EC2", [2]byte{18, 208}}}

func (g *flowGen) eni() *eni { return g.nw.enis[g.nw.enisPick.pick(g.r)] }

func (g *flowGen) ofRole(list []int) *eni {
	if len(list) == 0 {
		return g.eni()
	}
	return g.nw.enis[list[g.r.skewed(len(list))]]
}

func (g *flowGen) apiPeer() netip.Addr { return g.org.apiPeers[g.org.apiPeerPick.pick(g.r)] }

func (g *flowGen) ephemeral() int32 { return int32(32768 + g.r.intn(28232)) }

func (g *flowGen) window() (int64, int64) {
	start := g.slot + int64(g.r.intn(300))
	return start, start + 1 + int64(g.r.intn(59))
}

// bytesOf draws a heavy-tailed transfer size and a packet count to match.
func (g *flowGen) bytesOf(median, sigma float64, mtu int64) (packets, bytes int64) {
	bytes = int64(math.Min(g.r.logNormal(median, sigma), 4e9)) + 40
	// Packets run a little under the path's MTU on average.
	packets = 1 + bytes/(mtu-int64(g.r.intn(400)))
	return packets, bytes
}

func randomIPv4(r *rng) netip.Addr {
	for {
		a := netip.AddrFrom4([4]byte{byte(1 + r.intn(223)), byte(r.intn(256)), byte(r.intn(256)), byte(1 + r.intn(254))})
		if !a.IsPrivate() && !a.IsLoopback() && !a.IsLinkLocalUnicast() && a.As4()[0] != 100 {
			return a
		}
	}
}

func randomIPv6(r *rng) netip.Addr {
	var a [16]byte
	a[0], a[1] = 0x20, 0x01
	for i := 2; i < 16; i++ {
		a[i] = byte(r.intn(256))
	}
	return netip.AddrFrom16(a)
}

// add appends one pattern's records (a request and its response where
// the interface sees both), at most room of them.
func (g *flowGen) add(out []flowRecord, room int) []flowRecord {
	r := g.r
	start, end := g.window()
	pair := func(req, resp flowRecord) []flowRecord {
		out = append(out, req)
		if room > 1 {
			resp.start, resp.end = req.start, req.end
			out = append(out, resp)
		}
		return out
	}
	switch flowPatterns.pick(r) {
	case 0:
		e := g.ofRole(g.nw.webENIs)
		client, local := randomIPv4(r), e.addr
		if e.addr6.IsValid() && r.chance(0.2) {
			client, local = randomIPv6(r), e.addr6
		}
		port := int32(443)
		if r.chance(0.1) {
			port = 80
		}
		cport := g.ephemeral()
		inP, inB := g.bytesOf(1500, 1.2, 1500)
		outP, outB := g.bytesOf(24000, 2.0, 9001)
		return pair(
			flowRecord{e: e, src: client, dst: local, srcPort: cport, dstPort: port, protocol: 6, packets: inP, bytes: inB, start: start, end: end, action: "ACCEPT", status: "OK", tcpFlags: 19},
			flowRecord{e: e, src: local, dst: client, srcPort: port, dstPort: cport, protocol: 6, packets: outP, bytes: outB, action: "ACCEPT", status: "OK", tcpFlags: 27, egress: true, path: 8})
	case 1:
		e := g.eni()
		dst, service, path := g.apiPeer(), "", int32(8)
		if r.chance(0.6) {
			s := awsServiceRanges[r.skewed(len(awsServiceRanges))]
			dst = netip.AddrFrom4([4]byte{s.prefix[0], s.prefix[1], byte(r.intn(256)), byte(1 + r.intn(254))})
			service = s.name
			if s.name == "S3" || s.name == "DYNAMODB" {
				path = 7
			}
		}
		cport := g.ephemeral()
		reqP, reqB := g.bytesOf(3000, 1.5, 1500)
		respP, respB := g.bytesOf(50000, 2.2, 9001)
		return pair(
			flowRecord{e: e, src: e.addr, dst: dst, srcPort: cport, dstPort: 443, protocol: 6, packets: reqP, bytes: reqB, start: start, end: end, action: "ACCEPT", status: "OK", tcpFlags: 19, dstService: service, egress: true, path: path},
			flowRecord{e: e, src: dst, dst: e.addr, srcPort: 443, dstPort: cport, protocol: 6, packets: respP, bytes: respB, action: "ACCEPT", status: "OK", tcpFlags: 27, srcService: service})
	case 2:
		client, server := g.eni(), g.ofRole(g.nw.dbENIs)
		cport := g.ephemeral()
		reqP, reqB := g.bytesOf(2000, 1.6, 9001)
		respP, respB := g.bytesOf(8000, 2.0, 9001)
		return pair(
			flowRecord{e: client, src: client.addr, dst: server.addr, srcPort: cport, dstPort: server.servicePort, protocol: 6, packets: reqP, bytes: reqB, start: start, end: end, action: "ACCEPT", status: "OK", tcpFlags: 19, egress: true, path: 1},
			flowRecord{e: server, src: client.addr, dst: server.addr, srcPort: cport, dstPort: server.servicePort, protocol: 6, packets: respP, bytes: respB, action: "ACCEPT", status: "OK", tcpFlags: 19})
	case 3:
		e := g.eni()
		dst, port := netip.AddrFrom4([4]byte{8, 8, 8, 8}), int32(53)
		if r.chance(0.4) {
			dst, port = netip.AddrFrom4([4]byte{162, 159, 200, byte(1 + r.intn(120))}), 123
		}
		return append(out, flowRecord{e: e, src: e.addr, dst: dst, srcPort: g.ephemeral(), dstPort: port, protocol: 17, packets: 1 + int64(r.intn(3)), bytes: 76 + int64(r.intn(200)), start: start, end: end, action: "ACCEPT", status: "OK", egress: true, path: 8})
	case 4:
		e := g.eni()
		rec := flowRecord{e: e, src: randomIPv4(r), dst: e.addr, srcPort: g.ephemeral(), dstPort: scanPorts[r.skewed(len(scanPorts))], protocol: 6,
			packets: 1 + int64(r.intn(2)), bytes: 40 + 4*int64(r.intn(12)), start: start, end: end, action: "REJECT", status: "OK", tcpFlags: 2}
		if r.chance(0.15) {
			rec.protocol, rec.srcPort, rec.dstPort, rec.tcpFlags, rec.bytes = 1, 0, 0, 0, 84
		}
		return append(out, rec)
	case 5:
		e := g.nw.enis[len(g.nw.enis)-1]
		for _, c := range g.nw.enis {
			if c.role == roleBastion {
				e = c
				break
			}
		}
		office, _ := netip.ParseAddr(g.org.OfficeIPs[r.intn(len(g.org.OfficeIPs))])
		cport := g.ephemeral()
		inP, inB := g.bytesOf(6000, 1.5, 1500)
		outP, outB := g.bytesOf(40000, 2.0, 1500)
		return pair(
			flowRecord{e: e, src: office, dst: e.addr, srcPort: cport, dstPort: 22, protocol: 6, packets: inP, bytes: inB, start: start, end: end, action: "ACCEPT", status: "OK", tcpFlags: 27},
			flowRecord{e: e, src: e.addr, dst: office, srcPort: 22, dstPort: cport, protocol: 6, packets: outP, bytes: outB, action: "ACCEPT", status: "OK", tcpFlags: 27, egress: true, path: 8})
	case 6:
		status := "NODATA"
		if r.chance(0.1) {
			status = "SKIPDATA"
		}
		return append(out, flowRecord{e: g.eni(), start: start, end: end, status: status})
	case 7:
		e := g.eni()
		return append(out, flowRecord{e: e, src: e.addr, dst: randomIPv4(r), srcPort: g.ephemeral(), dstPort: []int32{25, 6667, 4444, 23}[r.intn(4)], protocol: 6,
			packets: 1 + int64(r.intn(3)), bytes: 60 + int64(r.intn(120)), start: start, end: end, action: "REJECT", status: "OK", tcpFlags: 2, egress: true, path: 8})
	default:
		nat, host := g.eni(), g.eni()
		for _, c := range g.nw.enis {
			if c.role == roleNAT {
				nat = c
				break
			}
		}
		reqP, reqB := g.bytesOf(2500, 1.5, 1500)
		return append(out, flowRecord{e: nat, src: nat.addr, pktSrc: host.addr, dst: g.apiPeer(), srcPort: g.ephemeral(), dstPort: 443, protocol: 6,
			packets: reqP, bytes: reqB, start: start, end: end, action: "ACCEPT", status: "OK", tcpFlags: 19, egress: true, path: 8})
	}
}

// appendFlowLine writes rec in flowHeader's layout.
func appendFlowLine(b []byte, rec *flowRecord, account, region, vpc string) []byte {
	e := rec.e
	b = append(b, "5 "...)
	b = append(b, account...)
	b = append(b, ' ')
	b = append(b, e.id...)
	if rec.action == "" {
		b = append(b, " - - - - - - - "...)
		b = strconv.AppendInt(b, rec.start, 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, rec.end, 10)
		b = append(b, " - "...)
		b = append(b, rec.status...)
		return append(b, " - - - - - - - - - - - - -\n"...)
	}
	b = append(b, ' ')
	b = rec.src.AppendTo(b)
	b = append(b, ' ')
	b = rec.dst.AppendTo(b)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(rec.srcPort), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(rec.dstPort), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(rec.protocol), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, rec.packets, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, rec.bytes, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, rec.start, 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, rec.end, 10)
	b = append(b, ' ')
	b = append(b, rec.action...)
	b = append(b, ' ')
	b = append(b, rec.status...)
	b = append(b, ' ')
	b = append(b, vpc...)
	b = append(b, ' ')
	b = append(b, e.subnet...)
	b = append(b, ' ')
	if e.instance == "" {
		b = append(b, '-')
	} else {
		b = append(b, e.instance...)
	}
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(rec.tcpFlags), 10)
	if rec.src.Is6() {
		b = append(b, " IPv6 "...)
	} else {
		b = append(b, " IPv4 "...)
	}
	if rec.pktSrc.IsValid() {
		b = rec.pktSrc.AppendTo(b)
	} else {
		b = rec.src.AppendTo(b)
	}
	b = append(b, ' ')
	b = rec.dst.AppendTo(b)
	b = append(b, ' ')
	b = append(b, region...)
	b = append(b, ' ')
	b = append(b, e.az...)
	b = appendOrDash(b, rec.srcService)
	b = appendOrDash(b, rec.dstService)
	if rec.egress {
		b = append(b, " egress "...)
	} else {
		b = append(b, " ingress "...)
	}
	if rec.path == 0 {
		b = append(b, '-')
	} else {
		b = strconv.AppendInt(b, int64(rec.path), 10)
	}
	return append(b, '\n')
}

func appendOrDash(b []byte, s string) []byte {
	if s == "" {
		return append(b, " -"...)
	}
	b = append(b, ' ')
	return append(b, s...)
}

// plantFlowIncidents adds a port scan from the intruder's address against
// a web server, and a large transfer from a database host to an outside
// address, both in the first account's home region.
func plantFlowIncidents(cfg *Config, org *Org) ([]flowRecord, []Incident) {
	a := org.Accounts[0]
	nw := a.networks[org.Regions[0]]
	base := incidentTime(cfg)
	attacker := netip.MustParseAddr(org.AttackerIP)
	r := newRNG(cfg.Seed, streamIncident, 3)

	web := nw.enis[nw.webENIs[0]]
	scan := Incident{ID: "port_scan", Account: a.ID, Region: org.Regions[0], Start: base.Add(-30 * time.Minute),
		Description: "The intruder's address probes 1024 TCP ports of one web server in four minutes; the security group rejects them.",
		SrcIP:       org.AttackerIP, DstIP: web.ip, DstPorts: 1024, Details: map[string]string{"interface": web.id}}
	var out []flowRecord
	for port := int32(1); port <= 1024; port++ {
		start := scan.Start.Unix() + int64(port-1)*240/1024
		out = append(out, flowRecord{e: web, src: attacker, dst: web.addr, srcPort: int32(40000 + r.intn(20000)), dstPort: port, protocol: 6,
			packets: 1, bytes: 44, start: start, end: start + 1 + int64(r.intn(50)), action: "REJECT", status: "OK", tcpFlags: 2})
		scan.Records++
		scan.End = time.Unix(start, 0).UTC()
	}

	db := nw.enis[nw.dbENIs[0]]
	exfil := netip.MustParseAddr(org.ExfilIP)
	egress := Incident{ID: "large_egress", Account: a.ID, Region: org.Regions[0], Start: base.Add(20 * time.Minute),
		Description: "A database host sends several gigabytes to an outside address over HTTPS within an hour.",
		SrcIP:       db.ip, DstIP: org.ExfilIP, Details: map[string]string{"interface": db.id, "instance": db.instance}}
	for k := 0; k < 40; k++ {
		start := egress.Start.Unix() + int64(k)*90
		bytes := int64(150_000_000 + r.intn(100_000_000))
		out = append(out, flowRecord{e: db, src: db.addr, dst: exfil, srcPort: int32(50000 + k), dstPort: 443, protocol: 6,
			packets: bytes / 8950, bytes: bytes, start: start, end: start + 60, action: "ACCEPT", status: "OK", tcpFlags: 27, egress: true, path: 8})
		egress.Records++
		egress.Bytes += bytes
		egress.End = time.Unix(start+60, 0).UTC()
	}
	for i := range out {
		out[i].account, out[i].region = 0, 0
	}
	return out, []Incident{scan, egress}
}
