package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lakehunt/lakehunt/query/output"
)

// Report is the outcome of a benchmark run; its JSON is `--json FILE`.
type Report struct {
	Scale   string    `json:"scale"`
	Started time.Time `json:"started"`
	Seconds float64   `json:"seconds"`
	Machine Machine   `json:"machine"`
	Data    Data      `json:"data"`
	Results []Result  `json:"results"`
}

// Machine describes where the numbers were measured. Load averages at the
// start and end tell whether other work shared the machine.
type Machine struct {
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	CPUs     int    `json:"cpus"`
	CPUModel string `json:"cpu_model"`
	// CPUID is the processor's family, model and stepping, and CPUCache
	// its cache, as /proc/cpuinfo gives them: a virtual machine's model
	// name is often just "AMD EPYC", which lakehunt's machines of families
	// 25 and 26 share, and two machines of that one name ingested the
	// rival's flows in 433 and 160 s (README, Benchmarks).
	CPUID         string  `json:"cpu_id,omitempty"`
	CPUCache      string  `json:"cpu_cache,omitempty"`
	MemoryBytes   int64   `json:"memory_bytes"`
	GoVersion     string  `json:"go_version"`
	DuckDBVersion string  `json:"duckdb_version"`
	LoadStart     float64 `json:"load_average_start"`
	LoadEnd       float64 `json:"load_average_end"`
}

// Data is what was generated for the run.
type Data struct {
	CloudTrail DataSet `json:"cloudtrail"`
	VPCFlow    DataSet `json:"vpcflow"`
}

// DataSet is one generated log set.
type DataSet struct {
	Events    int64 `json:"events"`
	Files     int   `json:"files"`
	RawBytes  int64 `json:"raw_bytes"`
	GzipBytes int64 `json:"gzip_bytes"`
	Days      int   `json:"days"`
	Accounts  int   `json:"accounts"`
	Regions   int   `json:"regions"`
	// GenSeconds is 0 when the set was reused from an earlier run.
	GenSeconds float64 `json:"gen_seconds"`
}

// Side is one contender's measurement.
type Side struct {
	Name string `json:"name"`
	// Seconds is the measured work; WallSeconds adds the child process's
	// start-up; CPUSeconds is user plus system time.
	Seconds     float64 `json:"seconds"`
	WallSeconds float64 `json:"wall_seconds,omitempty"`
	CPUSeconds  float64 `json:"cpu_seconds,omitempty"`
	// PeakRSS is the child's peak resident memory (ru_maxrss).
	PeakRSS int64              `json:"peak_rss_bytes,omitempty"`
	Rows    int64              `json:"rows"`
	Bytes   int64              `json:"bytes,omitempty"`
	Detail  map[string]float64 `json:"detail,omitempty"`
	// Errors are failures inside the side that did not stop it.
	Errors []string `json:"errors,omitempty"`
}

// Result is one line of the report: lakehunt against a rival.
type Result struct {
	Scenario int    `json:"scenario"`
	ID       string `json:"id"`
	Title    string `json:"title"`
	Lakehunt Side   `json:"lakehunt"`
	Rival    *Side  `json:"rival,omitempty"`
	// Ratio compares the sides as RatioMeans says.
	Ratio      float64  `json:"ratio,omitempty"`
	RatioMeans string   `json:"ratio_means,omitempty"`
	Targets    []Target `json:"targets,omitempty"`
	Note       string   `json:"note,omitempty"`
}

// Target is one of the goals, checked.
type Target struct {
	What string `json:"what"`
	Want string `json:"want"`
	Got  string `json:"got"`
	Met  bool   `json:"met"`
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteTable writes the report for people.
func (r *Report) WriteTable(w io.Writer) error {
	bw := bufio.NewWriter(w)
	m := r.Machine
	fmt.Fprintf(bw, "lakehunt bench --scale %s: %s, %d CPUs, %s RAM, %s/%s, %s, DuckDB %s, load average %.1f → %.1f, %s\n",
		r.Scale, m.cpu(), m.CPUs, formatBytes(m.MemoryBytes), m.OS, m.Arch, m.GoVersion, m.DuckDBVersion, m.LoadStart, m.LoadEnd,
		time.Duration(r.Seconds*float64(time.Second)).Round(time.Second))
	for _, d := range []struct {
		name string
		set  DataSet
	}{{"CloudTrail", r.Data.CloudTrail}, {"VPC Flow", r.Data.VPCFlow}} {
		gen := "reused"
		if d.set.GenSeconds > 0 {
			gen = fmt.Sprintf("generated in %.1f s, %.0f MB/s", d.set.GenSeconds, float64(d.set.RawBytes)/d.set.GenSeconds/1e6)
		}
		fmt.Fprintf(bw, "data %s: %s events, %d files, %d days, %d accounts × %d regions, %s raw, %s gzip (%s)\n",
			d.name, formatCount(float64(d.set.Events)), d.set.Files, d.set.Days, d.set.Accounts, d.set.Regions,
			formatBytes(d.set.RawBytes), formatBytes(d.set.GzipBytes), gen)
	}
	fmt.Fprintln(bw)
	tw := tabwriter.NewWriter(bw, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tSCENARIO\tLAKEHUNT\tRIVAL\tRATIO\tPEAK RSS LAKEHUNT / RIVAL\tTARGETS")
	for _, res := range r.Results {
		rival, rivalRSS := "-", "-"
		if res.Rival != nil {
			rival = res.Rival.Name + ": " + formatSide(res.ID, *res.Rival)
			rivalRSS = formatBytes(res.Rival.PeakRSS)
		}
		ratio := "-"
		if res.Ratio > 0 {
			ratio = fmt.Sprintf("%.2f %s", res.Ratio, res.RatioMeans)
		}
		var targets []string
		for _, t := range res.Targets {
			mark := "ok"
			if !t.Met {
				mark = "MISSED"
			}
			targets = append(targets, fmt.Sprintf("%s %s (%s) %s", t.What, t.Want, t.Got, mark))
		}
		lakehunt := formatSide(res.ID, res.Lakehunt)
		if res.ID == "failed" {
			lakehunt = "FAILED (see below)"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s / %s\t%s\n", res.Scenario, res.Title, lakehunt, rival, ratio,
			formatBytes(res.Lakehunt.PeakRSS), rivalRSS, strings.Join(targets, "; "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, res := range r.Results {
		if res.Note != "" {
			fmt.Fprintf(bw, "\n%d %s: %s", res.Scenario, res.ID, res.Note)
		}
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}

// formatSide shows seconds, or bytes per event for the storage lines, and
// a rate where one means something.
func formatSide(id string, s Side) string {
	if strings.HasPrefix(id, "storage") {
		if s.Rows == 0 {
			return formatBytes(s.Bytes)
		}
		return fmt.Sprintf("%s (%.0f B/event)", formatBytes(s.Bytes), float64(s.Bytes)/float64(s.Rows))
	}
	text := fmt.Sprintf("%.3f s", s.Seconds)
	if s.Seconds > 0 && (strings.HasPrefix(id, "ingest") || strings.HasPrefix(id, "csv")) {
		text += fmt.Sprintf(" (%s rows/s)", formatCount(float64(s.Rows)/s.Seconds))
	}
	return text
}

func formatCount(n float64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.2fM", n/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1fk", n/1e3)
	}
	return fmt.Sprintf("%.0f", n)
}

// formatBytes writes a measured size, "-" when it was not measured.
func formatBytes(n int64) string {
	if n <= 0 {
		return "-"
	}
	return output.FormatBytes(n)
}

// machineInfo reads what Linux tells about the machine; elsewhere the
// fields it cannot find stay empty.
func machineInfo() Machine {
	m := Machine{OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), LoadStart: loadAverage()}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPUModel, m.CPUID, m.CPUCache = parseCPUInfo(string(data))
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(data), "MemTotal: %d kB", &kb); err == nil {
			m.MemoryBytes = kb << 10
		}
	}
	return m
}

// parseCPUInfo reads the first processor of /proc/cpuinfo: its model
// name, its family, model and stepping ("family 26 model 2 stepping 1")
// and its cache size. What it does not find stays empty.
func parseCPUInfo(text string) (model, id, cache string) {
	fields := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" && len(fields) > 0 {
			break // the end of the first processor
		}
		if name, value, ok := strings.Cut(line, ":"); ok {
			fields[strings.TrimSpace(name)] = strings.TrimSpace(value)
		}
	}
	var parts []string
	for _, f := range []struct{ key, label string }{{"cpu family", "family"}, {"model", "model"}, {"stepping", "stepping"}} {
		if v := fields[f.key]; v != "" {
			parts = append(parts, f.label+" "+v)
		}
	}
	return fields["model name"], strings.Join(parts, " "), fields["cache size"]
}

// cpu names the processor for the report's first line: its model name,
// then its family and model, which tell apart machines that share a
// name.
func (m Machine) cpu() string {
	if m.CPUID == "" {
		return m.CPUModel
	}
	return m.CPUModel + " (" + m.CPUID + ")"
}

func loadAverage() float64 {
	var load float64
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Sscanf(string(data), "%f", &load)
	}
	return load
}
