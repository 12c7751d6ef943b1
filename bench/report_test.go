package main

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseBenchOutput(t *testing.T) {
	out := []byte(`goos: linux
goarch: amd64
pkg: github.com/goto-community/terraform-provider-goto/internal/gotoauth
cpu: Intel(R) Xeon(R) Processor
BenchmarkPATExchange-2           	    2000	     87302 ns/op	     11454 exchanges/s	   17982 B/op	     189 allocs/op
BenchmarkPATExchange-2           	    2000	     91000 ns/op	     10989 exchanges/s	   18000 B/op	     190 allocs/op
BenchmarkPATExchange-2           	    2000	     80000 ns/op	     12500 exchanges/s	   17900 B/op	     188 allocs/op
BenchmarkPATExchangeCacheHit     	 1000000	       872.1 ns/op	   1146710 exchanges/s	     944 B/op	       9 allocs/op
PASS
ok  	github.com/goto-community/terraform-provider-goto/internal/gotoauth	0.456s
`)
	got := parseBenchOutput(out)
	if len(got) != 2 {
		t.Fatalf("parsed %d benchmarks, want 2: %v", len(got), got)
	}
	for unit, want := range map[string]float64{"ns/op": 87302, "exchanges/s": 11454, "B/op": 17982, "allocs/op": 189} {
		if v, ok := got["BenchmarkPATExchange"].median(unit); !ok || v != want {
			t.Errorf("BenchmarkPATExchange median %s = %v (%t), want %v", unit, v, ok, want)
		}
	}
	if v, ok := got["BenchmarkPATExchangeCacheHit"].median("ns/op"); !ok || v != 872.1 {
		t.Errorf("BenchmarkPATExchangeCacheHit ns/op = %v (%t), want 872.1", v, ok)
	}
	if _, ok := got["BenchmarkPATExchange"].median("MB/s"); ok {
		t.Error("an unreported unit has a median")
	}
}

func TestMedianDuration(t *testing.T) {
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{5}, 5},
		{[]time.Duration{9, 1, 5}, 5},
		{[]time.Duration{4, 1, 3, 2}, 2}, // (2+3)/2 in integer nanoseconds
		{[]time.Duration{10, 20}, 15},
	} {
		in := append([]time.Duration(nil), tc.in...)
		if got := medianDuration(tc.in); got != tc.want {
			t.Errorf("medianDuration(%v) = %v, want %v", in, got, tc.want)
		}
		for i := range in {
			if in[i] != tc.in[i] {
				t.Fatalf("medianDuration reordered its argument: %v", tc.in)
			}
		}
	}
}

// plans builds results with one sample per wall time given, each n, and
// the requests the scenario should see unless requests overrides it.
func plans(block, creds string, walls map[int]time.Duration, requests map[int]int, rssKiB int64) []result {
	var out []result
	for n, wall := range walls {
		s := scenario{block: block, creds: creds, n: n}
		req := s.wantRequests()
		if r, ok := requests[n]; ok {
			req = r
		}
		out = append(out, result{scenario: s, samples: []sample{{
			wall: wall, requests: req,
			providers: []providerRun{{maxRSSKiB: rssKiB, cpu: wall / 4}, {maxRSSKiB: rssKiB / 2}},
			cliCPU:    wall / 2,
		}}})
	}
	return out
}

func findTarget(t *testing.T, ts []target, prefix string) target {
	t.Helper()
	for _, tg := range ts {
		if strings.HasPrefix(tg.name, prefix) {
			return tg
		}
	}
	t.Fatalf("no target starting %q", prefix)
	return target{}
}

func TestTargetsFollowTheMeasurements(t *testing.T) {
	mockService := 100 * time.Microsecond
	var results []result
	// Identical ephemeral: 1.5 ms per exchange; identical data: 3 ms.
	results = append(results, plans(ephemeralBlock, identicalCreds, map[int]time.Duration{1: 200 * time.Millisecond, 101: 350 * time.Millisecond}, nil, 20*1024)...)
	results = append(results, plans(dataBlock, identicalCreds, map[int]time.Duration{1: 200 * time.Millisecond, 101: 500 * time.Millisecond}, nil, 20*1024)...)
	// Distinct ephemeral: 2 ms (under 2.1); distinct data: 2.2 ms (over).
	results = append(results, plans(ephemeralBlock, distinctCreds, map[int]time.Duration{1: 200 * time.Millisecond, 101: 400 * time.Millisecond}, nil, 20*1024)...)
	results = append(results, plans(dataBlock, distinctCreds, map[int]time.Duration{1: 200 * time.Millisecond, 101: 420 * time.Millisecond}, map[int]int{101: 100}, 41*1024)...)

	margins := marginals(results)
	if len(margins) != 4 {
		t.Fatalf("%d marginals, want 4", len(margins))
	}
	for _, m := range margins {
		if m.lo != 1 || m.hi != 101 {
			t.Errorf("%s/%s marginal over %d–%d, want 1–101", m.block, m.creds, m.lo, m.hi)
		}
		if m.block == dataBlock && m.creds == identicalCreds {
			if m.wall != 3*time.Millisecond || m.cliCPU != 1500*time.Microsecond || m.providerCPU != 750*time.Microsecond {
				t.Errorf("data/identical marginal wall %v, CLI %v, provider %v; want 3ms, 1.5ms, 750µs", m.wall, m.cliCPU, m.providerCPU)
			}
		}
	}

	ts := targets(results, margins, mockService)
	check := func(prefix string, want bool) {
		t.Helper()
		tg := findTarget(t, ts, prefix)
		if tg.met == nil || *tg.met != want {
			t.Errorf("%s: %s, want met=%t (measured %s)", tg.name, verdict(tg.met), want, tg.measured)
		}
	}
	check("Requests at the mock", false)
	check("Marginal plan cost of an identical exchange (ephemeral resource)", true)
	check("Marginal plan cost of an identical exchange (data source)", false)
	check("Marginal plan cost of a distinct exchange (ephemeral resource)", true)
	check("Marginal plan cost of a distinct exchange (data source)", false)
	check("Provider peak memory", false)
	if tg := findTarget(t, ts, "Requests at the mock"); !strings.Contains(tg.measured, "7 of 8 plans") || !strings.Contains(tg.measured, "100, want 101") {
		t.Errorf("requests target says %q", tg.measured)
	}

	// Without the mock's service time, distinct targets are not measured.
	ts = targets(results, margins, 0)
	if tg := findTarget(t, ts, "Marginal plan cost of a distinct exchange (data source)"); tg.met != nil {
		t.Errorf("distinct target without a service time: %s", verdict(tg.met))
	}
	// With a single N there is no marginal cost.
	one := plans(ephemeralBlock, identicalCreds, map[int]time.Duration{10: time.Second}, nil, 1024)
	if m := marginals(one); len(m) != 0 {
		t.Errorf("marginals of a single N: %v", m)
	}
	if tg := findTarget(t, targets(one, nil, mockService), "Marginal plan cost of an identical exchange (ephemeral resource)"); tg.met != nil {
		t.Errorf("identical target with a single N: %s", verdict(tg.met))
	}
}

func TestMarkdownMarksMissedTargets(t *testing.T) {
	results := plans(ephemeralBlock, identicalCreds, map[int]time.Duration{1: 100 * time.Millisecond, 11: 200 * time.Millisecond}, nil, 50*1024)
	micro := map[string]metrics{"BenchmarkMockPATService": {"ns/op": {80000}}}
	md := markdown(machine{cpu: "Test CPU", cores: 2, cliName: "terraform", cliVer: "1.11.4", date: time.Unix(0, 0)}, settings{runs: 1, ns: []int{1, 11}, micro: true, count: 1, benchtime: "1x"}, micro, results)
	for _, want := range []string{
		"| CPU | Test CPU |",
		"| Marginal plan cost of an identical exchange (ephemeral resource) ≤ 2 ms | 10.00 ms (limit 2.00 ms) | **missed** |",
		"| Provider peak memory < 40 MiB | 50.0 MiB",
		"| ephemeral resource | identical | 1–11 | 10.00 ms |",
		"the mock's own service time for one PAT exchange is 80.0 µs",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
}

func TestScenarioConfig(t *testing.T) {
	for _, s := range []scenario{{ephemeralBlock, identicalCreds, 10}, {dataBlock, distinctCreds, 100}} {
		c := s.config()
		if want := s.block + ` "goto_pat_exchange" "bench" {`; !strings.Contains(c, want) {
			t.Errorf("%s: config lacks %q", s, want)
		}
		if want := "count = " + strconv.Itoa(s.n); !strings.Contains(c, want) {
			t.Errorf("%s: config lacks %q", s, want)
		}
	}
	if got := (scenario{ephemeralBlock, distinctCreds, 100}).wantRequests(); got != 100 {
		t.Errorf("distinct wants %d requests, want 100", got)
	}
	if got := (scenario{dataBlock, identicalCreds, 100}).wantRequests(); got != 1 {
		t.Errorf("identical wants %d requests, want 1", got)
	}
	if got := scenarios([]int{100, 1}, []string{"data/distinct"}); len(got) != 2 || got[0].n != 1 || got[1].block != dataBlock || got[1].creds != distinctCreds {
		t.Errorf("scenarios filtered to data/distinct: %v", got)
	}
	if got := scenarios([]int{1, 10, 100}, nil); len(got) != 12 {
		t.Errorf("%d scenarios, want 12", len(got))
	}
}

func TestProviderRunRoundTrip(t *testing.T) {
	in := providerRun{maxRSSKiB: 23456, cpu: 81234 * time.Microsecond, wrapper: 4321 * time.Microsecond}
	out, err := parseProviderRun(in.String())
	if err != nil || out != in {
		t.Fatalf("parseProviderRun(%q) = %+v, %v; want %+v", in.String(), out, err, in)
	}
	if _, err := parseProviderRun("garbage"); err == nil {
		t.Fatal("a malformed line parsed")
	}
}

func TestReadSettings(t *testing.T) {
	t.Setenv("BENCH_RUNS", "3")
	t.Setenv("BENCH_N", "10, 1,10")
	t.Setenv("BENCH_ONLY", "ephemeral/identical")
	t.Setenv("BENCH_MICRO", "0")
	t.Setenv("TF_LOG_SDK", "OFF")
	set, _, err := readSettings()
	if err != nil {
		t.Fatal(err)
	}
	if set.runs != 3 || len(set.ns) != 2 || set.ns[0] != 1 || set.ns[1] != 10 || set.micro || len(set.only) != 1 {
		t.Errorf("settings %+v", set)
	}
	if !strings.Contains(strings.Join(set.logEnv, " "), "TF_LOG_SDK=OFF") {
		t.Errorf("logging variables %v lack TF_LOG_SDK=OFF", set.logEnv)
	}
	t.Setenv("BENCH_RUNS", "0")
	t.Setenv("BENCH_N", "ten")
	if _, _, err := readSettings(); err == nil || !strings.Contains(err.Error(), "BENCH_RUNS") || !strings.Contains(err.Error(), "BENCH_N") {
		t.Errorf("bad settings gave %v", err)
	}
}

func TestBusyMachine(t *testing.T) {
	for _, tc := range []struct {
		load  string
		cores int
		want  bool
	}{
		{"2.00 1.00 0.50", 2, true},
		{"1.99 4.00 4.00", 2, false},
		{"unknown", 2, false},
		{"8.0 8.0 8.0", 0, false},
	} {
		if got := busy(machine{load: tc.load, cores: tc.cores}); got != tc.want {
			t.Errorf("busy(load %q, %d cores) = %t, want %t", tc.load, tc.cores, got, tc.want)
		}
	}
	md := markdown(machine{load: "5 5 5", cores: 2}, settings{runs: 1, ns: []int{1}}, nil, nil)
	if !strings.Contains(md, "The machine was busy") {
		t.Error("the report of a busy machine does not say so")
	}
}
