package main

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// Targets, as the benchmark's purpose states them.
const (
	identicalMarginalLimit = 2 * time.Millisecond
	// distinctMarginalSlack is allowed above the mock's own service time.
	distinctMarginalSlack = 2 * time.Millisecond
	providerRSSLimitKiB   = 40 * 1024
)

// machine is where the benchmark ran.
type machine struct {
	cpu     string
	cores   int
	memory  string
	load    string
	loadEnd string
	goVer   string
	cliName string
	cliVer  string
	date    time.Time
}

// result is one scenario's samples.
type result struct {
	scenario
	samples []sample
}

func (r result) walls() []time.Duration {
	out := make([]time.Duration, len(r.samples))
	for i, s := range r.samples {
		out[i] = s.wall
	}
	return out
}

func (r result) medianOf(f func(sample) time.Duration) time.Duration {
	v := make([]time.Duration, len(r.samples))
	for i, s := range r.samples {
		v[i] = f(s)
	}
	return medianDuration(v)
}

func (r result) maxProviderRSS() int64 {
	var m int64
	for _, s := range r.samples {
		m = max(m, s.providerMaxRSS())
	}
	return m
}

// marginal is the cost of one more exchange for one block and credential
// mode: the slope between the smallest and the largest n.
type marginal struct {
	block, creds string
	lo, hi       int
	wall         time.Duration
	providerCPU  time.Duration
	cliCPU       time.Duration
}

func marginals(results []result) []marginal {
	var out []marginal
	for _, block := range []string{ephemeralBlock, dataBlock} {
		for _, creds := range []string{identicalCreds, distinctCreds} {
			var lo, hi *result
			for i := range results {
				r := &results[i]
				if r.block != block || r.creds != creds || len(r.samples) == 0 {
					continue
				}
				if lo == nil || r.n < lo.n {
					lo = r
				}
				if hi == nil || r.n > hi.n {
					hi = r
				}
			}
			if lo == nil || hi.n == lo.n {
				continue
			}
			per := func(f func(sample) time.Duration) time.Duration {
				return (hi.medianOf(f) - lo.medianOf(f)) / time.Duration(hi.n-lo.n)
			}
			out = append(out, marginal{
				block: block, creds: creds, lo: lo.n, hi: hi.n,
				wall:        per(func(s sample) time.Duration { return s.wall }),
				providerCPU: per(sample.providerCPU),
				cliCPU:      per(func(s sample) time.Duration { return s.cliCPU }),
			})
		}
	}
	return out
}

// target is one line of the targets table; met is nil when the run did not
// measure it.
type target struct {
	name, measured string
	met            *bool
}

func verdict(met *bool) string {
	switch {
	case met == nil:
		return "not measured"
	case *met:
		return "met"
	}
	return "**missed**"
}

func boolp(b bool) *bool { return &b }

// targets checks the measurements against the targets. mockService is the
// mock's own service time for one PAT exchange; zero when not measured.
func targets(results []result, margins []marginal, mockService time.Duration) []target {
	var out []target

	t := target{name: "Requests at the mock = distinct credentials per terraform command"}
	var wrong []string
	plans := 0
	for _, r := range results {
		for _, s := range r.samples {
			plans++
			if s.requests != r.wantRequests() {
				wrong = append(wrong, fmt.Sprintf("%s: %d, want %d", r.scenario, s.requests, r.wantRequests()))
			}
		}
	}
	if plans > 0 {
		t.met = boolp(len(wrong) == 0)
		t.measured = fmt.Sprintf("%d of %d plans", plans-len(wrong), plans)
		if len(wrong) > 0 {
			slices.Sort(wrong)
			wrong = slices.Compact(wrong)
			t.measured += "; " + strings.Join(wrong, "; ")
		}
	}
	out = append(out, t)

	for _, creds := range []string{identicalCreds, distinctCreds} {
		for _, block := range []string{ephemeralBlock, dataBlock} {
			name := fmt.Sprintf("Marginal plan cost of an %s exchange (%s) ≤ 2 ms", creds, scenario{block: block}.blockName())
			limit := identicalMarginalLimit
			if creds == distinctCreds {
				name = fmt.Sprintf("Marginal plan cost of a %s exchange (%s) ≤ the mock's service time + 2 ms", creds, scenario{block: block}.blockName())
				limit = 0
				if mockService > 0 {
					limit = mockService + distinctMarginalSlack
				}
			}
			t := target{name: name}
			for _, m := range margins {
				if m.block != block || m.creds != creds || limit == 0 {
					continue
				}
				t.measured = fmt.Sprintf("%s (limit %s)", ms(m.wall, 2), ms(limit, 2))
				t.met = boolp(m.wall <= limit)
			}
			out = append(out, t)
		}
	}

	t = target{name: "Provider peak memory < 40 MiB"}
	var peak int64
	for _, r := range results {
		peak = max(peak, r.maxProviderRSS())
	}
	if peak > 0 {
		t.measured = mib(peak) + " (largest of every provider process)"
		t.met = boolp(peak < providerRSSLimitKiB)
	}
	return append(out, t)
}

// settings are the knobs the run used, shown in the report.
type settings struct {
	runs      int
	ns        []int
	benchtime string
	count     int
	micro     bool
	only      []string // block/credentials pairs and "fleet"; empty means all
	fleet     []int    // fleet sizes
	logEnv    []string // TF_LOG* variables, which reach the CLI and the provider
}

// markdown renders the report.
func markdown(m machine, set settings, micro map[string]metrics, results []result) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	margins := marginals(results)
	var mockService time.Duration
	if v, ok := micro["BenchmarkMockPATService"].median("ns/op"); ok {
		mockService = time.Duration(v)
	}

	p("# Benchmarks\n\n")
	p("Generated by `make bench` (the program in `bench/`); do not edit by hand. ")
	p("It measures what users feel of this provider: `terraform plan` latency, and the load on GoTo's rate-limited token endpoint. ")
	p("Each target is checked against the measurements below.\n\n")
	if busy(m) {
		p("**The machine was busy when the run began (load average at least the number of cores): wall times are noisy, the CPU columns less so.**\n\n")
	}

	p("## Machine\n\n| | |\n|---|---|\n")
	p("| CPU | %s |\n| Cores | %d |\n| Memory | %s |\n| Load average (1, 5, 15 min) at start / end | %s / %s |\n", m.cpu, m.cores, m.memory, m.load, m.loadEnd)
	p("| Go | %s |\n| CLI | %s %s |\n| Date | %s |\n\n", m.goVer, m.cliName, m.cliVer, m.date.UTC().Format(time.RFC3339))

	p("## Settings\n\n| | |\n|---|---|\n")
	p("| Timed plans per configuration (`BENCH_RUNS`) | %d |\n| N (`BENCH_N`) | %s |\n", set.runs, joinInts(set.ns))
	only := "all"
	if len(set.only) > 0 {
		only = "`" + strings.Join(set.only, ",") + "`"
	}
	p("| Configurations (`BENCH_ONLY`) | %s |\n", only)
	if set.micro {
		p("| Micro-benchmarks (`BENCH_BENCHTIME`, `BENCH_COUNT`) | `-benchtime %s -count %d` |\n", set.benchtime, set.count)
	} else {
		p("| Micro-benchmarks (`BENCH_MICRO`) | skipped |\n")
	}
	logging := "none: the provider then turns the plugin libraries' logs off, which the CLI would discard"
	if len(set.logEnv) > 0 {
		logging = "`" + strings.Join(set.logEnv, " ") + "`"
	}
	p("| Logging variables passed to the CLI | %s |\n\n", logging)

	p("## Targets\n\n| Target | Measured | Result |\n|---|---|---|\n")
	for _, t := range targets(results, margins, mockService) {
		measured := t.measured
		if measured == "" {
			measured = "-"
		}
		p("| %s | %s | %s |\n", t.name, measured, verdict(t.met))
	}
	p("\n")

	if micro != nil {
		p("## Client micro-benchmarks\n\n")
		p("`go test -bench -benchmem ./internal/gotoauth` against the mock served in the same process (`httptest`, rate limit off); ")
		p("median of the -count runs. Bytes and allocations include the mock's side of each request, which the last row shows alone.\n\n")
		p("| Benchmark | What | Time/op | Exchanges/s | B/op | allocs/op |\n|---|---|--:|--:|--:|--:|\n")
		for _, mb := range microBenchmarks {
			r := micro[mb.name]
			ns, _ := r.median("ns/op")
			rate, _ := r.median("exchanges/s")
			bytes, _ := r.median("B/op")
			allocs, _ := r.median("allocs/op")
			p("| %s | %s | %s | %.0f | %.0f | %.0f |\n", strings.TrimPrefix(mb.name, "Benchmark"), mb.what, micro1(time.Duration(ns)), rate, bytes, allocs)
		}
		p("\n")
	}

	if len(results) > 0 {
		p("## `terraform plan`\n\n")
		p("N `goto_pat_exchange` instances (`count`), all with one PAT (identical) or each with its own (distinct), ")
		p("against the goto-mock-server program configured with %d PATs and **its rate limit off**, so the times show the provider and the CLI, not GoTo's limit. ", maxInt(set.ns))
		p("Wall time is the median of %d run(s) (min–max); requests are the mock's token-endpoint count per plan (`/_mock/stats`, reset through `/_mock/reset` before each); ", set.runs)
		p("provider peak RSS is the largest `Maxrss` of any provider process the plan started (a wrapper in dev_overrides runs the real binary as its child); ")
		p("CPU columns are medians per plan: the provider processes', and the CLI's own (its total less the providers'). ")
		p("The wrapper adds a constant per provider process to the wall time, not to the marginal cost.\n\n")
		p("| Block | Credentials | N | Wall median | Min | Max | Mock requests | Expected | Provider peak RSS | Provider processes | Provider CPU | CLI CPU | CLI peak RSS |\n")
		p("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, r := range results {
			if len(r.samples) == 0 {
				continue
			}
			w := r.walls()
			requests := spread(r.samples, func(s sample) int { return s.requests })
			procs := spread(r.samples, func(s sample) int { return len(s.providers) })
			var cliRSS int64
			for _, s := range r.samples {
				cliRSS = max(cliRSS, s.cliMaxRSS)
			}
			p("| %s | %s | %d | %s | %s | %s | %s | %d | %s | %s | %s | %s | %s |\n",
				r.blockName(), r.creds, r.n, ms(medianDuration(w), 0), ms(slices.Min(w), 0), ms(slices.Max(w), 0),
				requests, r.wantRequests(), mib(r.maxProviderRSS()), procs,
				ms(r.medianOf(sample.providerCPU), 0), ms(r.medianOf(func(s sample) time.Duration { return s.cliCPU }), 0), mib(cliRSS))
		}
		p("\n")
	}

	if len(margins) > 0 {
		p("## Marginal cost of one more exchange\n\n")
		p("(t(N_max) − t(N_min)) / (N_max − N_min) of the medians above; the CPU columns split it between the provider and the CLI")
		if mockService > 0 {
			p(" (the mock's own service time for one PAT exchange is %s)", micro1(mockService))
		}
		p(".")
		for _, m := range margins {
			if m.wall < 0 {
				p(" A negative wall slope is noise: more runs (`BENCH_RUNS`) or a quieter machine are needed.")
				break
			}
		}
		p("\n\n| Block | Credentials | N range | Wall | Provider CPU | CLI CPU |\n|---|---|---|--:|--:|--:|\n")
		for _, m := range margins {
			p("| %s | %s | %d–%d | %s | %s | %s |\n", scenario{block: m.block}.blockName(), m.creds, m.lo, m.hi, ms(m.wall, 2), ms(m.providerCPU, 2), ms(m.cliCPU, 2))
		}
		p("\n")
	}
	return b.String()
}

// spread is "v" when every sample agrees, else "min–max".
func spread(samples []sample, f func(sample) int) string {
	v := make([]int, len(samples))
	for i, s := range samples {
		v[i] = f(s)
	}
	lo, hi := slices.Min(v), slices.Max(v)
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

func ms(d time.Duration, decimals int) string {
	return fmt.Sprintf("%.*f ms", decimals, float64(d)/float64(time.Millisecond))
}

// micro1 prints a short duration in µs.
func micro1(d time.Duration) string {
	return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond))
}

func mib(kib int64) string {
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ", ")
}

func maxInt(v []int) int {
	if len(v) == 0 {
		return 0
	}
	return slices.Max(v)
}

func medianDuration(v []time.Duration) time.Duration {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func medianFloat(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// readMachine describes this machine from /proc, the Go runtime and the CLI.
func readMachine(goVersion, cliName, cliVersion string) machine {
	m := machine{cpu: "unknown", memory: "unknown", load: loadAverage(), goVer: goVersion, cliName: cliName, cliVer: cliVersion, date: time.Now()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			k, v, ok := strings.Cut(line, ":")
			if ok && strings.TrimSpace(k) == "model name" {
				m.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			var kib int64
			if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kib); err == nil {
				m.memory = fmt.Sprintf("%.1f GiB", float64(kib)/(1024*1024))
				break
			}
		}
	}
	return m
}

// busy reports whether the one-minute load average at the start reached the
// number of cores.
func busy(m machine) bool {
	var load float64
	if _, err := fmt.Sscanf(m.load, "%g", &load); err != nil || m.cores == 0 {
		return false
	}
	return load >= float64(m.cores)
}

func loadAverage() string {
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			return strings.Join(f[:3], " ")
		}
	}
	return "unknown"
}
