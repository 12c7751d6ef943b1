// Command bench measures the provider as users feel it: the GoTo client's
// micro-benchmarks (go test -bench in internal/gotoauth), and the wall time,
// mock requests and provider peak memory of `terraform plan` with N token
// exchanges. It prints a Markdown report and writes it to BENCHMARKS.md.
// `make bench` runs it; environment variables change its settings:
//
//	BENCH_RUNS       timed plans per configuration (default 5)
//	BENCH_N          exchanges per configuration (default 1,10,100)
//	BENCH_BENCHTIME  micro-benchmark -benchtime (default 1s)
//	BENCH_COUNT      micro-benchmark -count (default 5)
//	BENCH_OUT        report file (default BENCHMARKS.md at the module root; "-" for none)
//	BENCH_ONLY       plan configurations to run, as block/credentials (ephemeral/identical,data/distinct...),
//	                 and "fleet" for the fleet table; "fleet" alone regenerates only that table in the report
//	BENCH_FLEET      fleet sizes: how many plans start together (default 30,100)
//	BENCH_MICRO      0 skips the micro-benchmarks
//
// The CLI is TF_ACC_TERRAFORM_PATH, else terraform on the PATH.
package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/clitest"
)

func main() {
	if binary := os.Getenv(envProviderBinary); binary != "" {
		os.Exit(wrapProvider(binary))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	set, out, err := readSettings()
	if err != nil {
		return err
	}
	root, err := clitest.ModuleRoot()
	if err != nil {
		return err
	}
	if out == "" {
		out = filepath.Join(root, "BENCHMARKS.md")
	}
	cli, err := clitest.CLI()
	if err != nil {
		return err
	}
	cliName, cliVersion := cliVersion(ctx, cli)
	m := readMachine(runtime.Version(), cliName, cliVersion)
	m.cores = runtime.NumCPU()

	fleetAlone := len(set.only) == 1 && set.only[0] == fleetOnly
	withFleet := len(set.only) == 0 || slices.Contains(set.only, fleetOnly)
	set.only = slices.DeleteFunc(set.only, func(s string) bool { return s == fleetOnly })
	if fleetAlone {
		set.micro = false
	}

	var micro map[string]metrics
	if set.micro {
		progress("micro-benchmarks: go test -bench ./internal/gotoauth (-benchtime %s -count %d)", set.benchtime, set.count)
		if micro, err = runMicro(ctx, root, set.benchtime, set.count); err != nil {
			return err
		}
	}

	progress("building the provider and goto-mock-server")
	h, err := newHarness(ctx, root, cli, slices.Max(set.ns))
	if err != nil {
		return err
	}
	defer h.close()
	list := scenarios(set.ns, set.only)
	if fleetAlone {
		list = nil
	} else if len(list) == 0 {
		return fmt.Errorf("BENCH_ONLY=%s matches no configuration; give block/credentials pairs such as ephemeral/identical,data/distinct", strings.Join(set.only, ","))
	}
	// One untimed plan of each block first, so the first timed one does not
	// pay for cold file caches.
	warmed := map[string]bool{}
	for _, s := range list {
		if !warmed[s.block] {
			warmed[s.block] = true
			if _, err := h.plan(ctx, scenario{block: s.block, creds: identicalCreds, n: slices.Min(set.ns)}); err != nil {
				return err
			}
		}
	}
	results := make([]result, len(list))
	// Runs go round the scenarios, so a change in the machine's load
	// spreads over all of them rather than landing on one.
	for i := range set.runs {
		for j, s := range list {
			sm, err := h.plan(ctx, s)
			if err != nil {
				return err
			}
			results[j].scenario = s
			results[j].samples = append(results[j].samples, sm)
			progress("run %d/%d  %-50s %s  requests %d  provider RSS %s", i+1, set.runs, s, ms(sm.wall, 0), sm.requests, mib(sm.providerMaxRSS()))
		}
	}

	var fleetSection string
	if withFleet {
		fleetMachine := m
		fleetMachine.load, fleetMachine.date = loadAverage(), time.Now()
		fleets, err := runFleets(ctx, h, set.fleet)
		if err != nil {
			return err
		}
		fleetMachine.loadEnd = loadAverage()
		fleetSection = fleetMarkdown(fleetMachine, fleets)
	}

	m.loadEnd = loadAverage()
	var report string
	if fleetAlone {
		old, err := os.ReadFile(out)
		if err != nil && out != "-" {
			return fmt.Errorf("BENCH_ONLY=fleet updates the fleet table of an existing report: %w", err)
		}
		report = spliceFleet(string(old), fleetSection)
	} else {
		report = markdown(m, set, micro, results) + fleetSection
	}
	fmt.Print(report)
	if out != "-" {
		if err := os.WriteFile(out, []byte(report), 0o644); err != nil {
			return err
		}
		progress("wrote %s", out)
	}
	return nil
}

func readSettings() (settings, string, error) {
	set := settings{runs: 5, ns: []int{1, 10, 100}, fleet: []int{30, 100}, benchtime: "1s", count: 5, micro: os.Getenv("BENCH_MICRO") != "0"}
	var errs []error
	positive := func(name string, v *int) {
		if s := os.Getenv(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				errs = append(errs, fmt.Errorf("%s must be a whole number of at least 1, not %q", name, s))
				return
			}
			*v = n
		}
	}
	positive("BENCH_RUNS", &set.runs)
	positive("BENCH_COUNT", &set.count)
	if s := os.Getenv("BENCH_N"); s != "" {
		set.ns = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				errs = append(errs, fmt.Errorf("BENCH_N must list whole numbers of at least 1 separated by commas, not %q", s))
				break
			}
			if !slices.Contains(set.ns, n) {
				set.ns = append(set.ns, n)
			}
		}
		slices.Sort(set.ns)
	}
	if s := os.Getenv("BENCH_FLEET"); s != "" {
		set.fleet = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || n < 1 {
				errs = append(errs, fmt.Errorf("BENCH_FLEET must list whole numbers of at least 1 separated by commas, not %q", s))
				break
			}
			set.fleet = append(set.fleet, n)
		}
	}
	if s := os.Getenv("BENCH_ONLY"); s != "" {
		for _, f := range strings.Split(s, ",") {
			set.only = append(set.only, strings.TrimSpace(f))
		}
	}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			set.logEnv = append(set.logEnv, kv)
		}
	}
	slices.Sort(set.logEnv)
	if s := os.Getenv("BENCH_BENCHTIME"); s != "" {
		set.benchtime = s
	}
	return set, os.Getenv("BENCH_OUT"), errors.Join(errs...)
}

// cliVersion names the CLI and its version from `version -json`, which
// terraform and tofu both print.
func cliVersion(ctx context.Context, cli string) (string, string) {
	name := "terraform"
	if strings.Contains(filepath.Base(cli), "tofu") {
		name = "OpenTofu"
	}
	cmd := exec.CommandContext(ctx, cli, "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	b, err := cmd.Output()
	if err != nil {
		return name, "unknown"
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	// A CLI may print warnings (about its configuration file) before the JSON.
	if i := bytes.IndexByte(b, '{'); i > 0 {
		b = b[i:]
	}
	if json.NewDecoder(bytes.NewReader(b)).Decode(&v) != nil || v.Version == "" {
		return name, "unknown"
	}
	return name, v.Version
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

func randomHex() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
