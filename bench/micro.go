package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// The client micro-benchmarks of internal/gotoauth, in report order.
var microBenchmarks = []struct{ name, what string }{
	{"BenchmarkPATExchange", "PAT exchange, one after another, each a request"},
	{"BenchmarkPATExchangeParallel", "PAT exchanges in parallel, each a request"},
	{"BenchmarkPATExchangeCacheHit", "identical PAT exchange served from the cache"},
	{"BenchmarkMockPATService", "the mock's own service time: a plain POST, no client"},
}

// metrics are one benchmark's results by unit ("ns/op", "B/op",
// "allocs/op", "exchanges/s"), one value per -count run.
type metrics map[string][]float64

// median of one unit; ok is false when the unit was not reported.
func (m metrics) median(unit string) (float64, bool) {
	v := m[unit]
	if len(v) == 0 {
		return 0, false
	}
	return medianFloat(v), true
}

// runMicro runs the micro-benchmarks and returns their results by name.
func runMicro(ctx context.Context, root, benchtime string, count int) (map[string]metrics, error) {
	names := make([]string, len(microBenchmarks))
	for i, b := range microBenchmarks {
		names[i] = b.name
	}
	args := []string{"test", "-run", "^$", "-bench", "^(" + strings.Join(names, "|") + ")$", "-benchmem",
		"-benchtime", benchtime, "-count", strconv.Itoa(count), "./internal/gotoauth"}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	results := parseBenchOutput(out)
	for _, name := range names {
		if _, ok := results[name]; !ok {
			return nil, fmt.Errorf("go %s printed no result for %s\n%s", strings.Join(args, " "), name, out)
		}
	}
	return results, nil
}

// benchLine is "BenchmarkName-GOMAXPROCS  iterations  value unit  value unit...".
var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.*)$`)

// parseBenchOutput reads `go test -bench` output, the standard text format.
func parseBenchOutput(out []byte) map[string]metrics {
	results := map[string]metrics{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		fields := strings.Fields(m[2])
		if len(fields)%2 != 0 {
			continue
		}
		r := results[m[1]]
		if r == nil {
			r = metrics{}
			results[m[1]] = r
		}
		for i := 0; i < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err != nil {
				continue
			}
			r[fields[i+1]] = append(r[fields[i+1]], v)
		}
	}
	return results
}
