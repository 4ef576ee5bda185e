package hunt

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lakehunt/lakehunt/storage/sharedcorpus"
	"github.com/lakehunt/lakehunt/storage/testlake"
)

// Every catalogue row a hunt claims to cover is a row of hunts.md, and
// every row of sections 1 and 3 (the Sentinel hunting queries and the Sumo
// Logic panels that the pack must cover) is claimed by some hunt, except the
// Sumo Logic panels that need a GeoIP database.
func TestCoversNameCatalogueRows(t *testing.T) {
	data, err := os.ReadFile(sharedcorpus.Dir(t, "hunts.md"))
	if err != nil {
		t.Fatal(err)
	}
	rowPattern := regexp.MustCompile(`(?m)^\| ([a-z0-9_\-]+(?: \(not CloudTrail\))?) \|`)
	sectionPattern := regexp.MustCompile(`(?m)^## ([0-9]+)\.`)
	rows := map[string]string{}
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		if m := sectionPattern.FindStringSubmatch(line); m != nil {
			section = m[1]
		}
		if m := rowPattern.FindStringSubmatch(line); m != nil && m[1] != "id" {
			rows[m[1]] = section
		}
	}
	if len(rows) < 200 {
		t.Fatalf("read %d catalogue rows from hunts.md, want its 280 or so", len(rows))
	}
	claimed := map[string]bool{}
	for _, h := range builtinPack(t).Hunts {
		for _, c := range h.Covers {
			if strings.HasPrefix(c, StratusPrefix) {
				continue // TestStratusDetonationsFire checks these
			}
			if _, ok := rows[c]; !ok {
				t.Errorf("hunt %s covers %q, which is not a row of hunts.md", h.ID, c)
			}
			claimed[c] = true
		}
	}
	needsGeoIP := map[string]bool{"sumo_logins_outside_usa": true}
	for id, section := range rows {
		if (section == "1" || section == "3") && !claimed[id] && !needsGeoIP[id] {
			t.Errorf("catalogue row %s (section %s) is covered by no hunt", id, section)
		}
	}
}

// The "done when": over the corpus's s3layout samples, the pack
// runs without error and finds the stopped trail, the AdministratorAccess
// attachment and the port scan.
func TestPackFindsTheCorpusIncident(t *testing.T) {
	corpus := sharedcorpus.Dir(t, "corpus")
	day := func(kind string) string {
		return filepath.Join(corpus, kind, "s3layout", "AWSLogs")
	}
	trails, _ := filepath.Glob(filepath.Join(day("cloudtrail"), "*", "111122223333", "CloudTrail", "us-east-1", "2024", "03", "05", "*.json.gz"))
	flows, _ := filepath.Glob(filepath.Join(day("vpcflow"), "111122223333", "vpcflowlogs", "us-east-1", "2024", "03", "05", "*.log.gz"))
	if len(trails) != 2 || len(flows) != 1 {
		t.Fatalf("s3layout samples: %d CloudTrail files, %d flow logs; want 2 and 1", len(trails), len(flows))
	}
	lakeDir := testlake.Build(t, append(trails, flows...)...)
	w := Window{Start: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	report := runPack(t, lakeDir, builtinPack(t), RunOptions{Window: w, Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), Parallel: 2})
	f := func(huntID, srcIP, summaryPart string) {
		t.Helper()
		for _, fd := range report.Findings {
			if fd.HuntID == huntID && fd.SrcIP == srcIP && strings.Contains(fd.Summary, summaryPart) {
				return
			}
		}
		t.Errorf("no %s finding from %s mentioning %q", huntID, srcIP, summaryPart)
	}
	f("cloudtrail_logging_stopped", "198.51.100.23", "trail/org-trail")
	f("admin_policy_attached", "198.51.100.23", "AdministratorAccess to backup-svc")
	f("new_user_granted_admin", "198.51.100.23", "backup-svc")
	f("vpc_port_scan_vertical", "203.0.113.77", "scan of 10.0.1.25")
	f("scanner_ip_active_in_cloudtrail", "203.0.113.77", "ConsoleLogin")
	f("vpc_large_flow", "10.0.1.25", "192.0.2.55:22")
	f("vpc_flow_log_gaps", "", "SKIPDATA")
}
