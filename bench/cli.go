package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/clitest"
	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// Blocks and credential modes of the plan scenarios.
const (
	ephemeralBlock = "ephemeral"
	dataBlock      = "data"
	identicalCreds = "identical"
	distinctCreds  = "distinct"
)

const (
	benchClientID = "bench-client"
	// planTimeout bounds each plan, so a stuck provider ends the run.
	planTimeout = 10 * time.Minute
)

// scenario is one configuration: n goto_pat_exchange instances of one block
// kind, all with the same PAT or each with its own.
type scenario struct {
	block string
	creds string
	n     int
}

// wantRequests is the number of distinct credentials: what the mock should
// see per command.
func (s scenario) wantRequests() int {
	if s.creds == identicalCreds {
		return 1
	}
	return s.n
}

func (s scenario) blockName() string {
	if s.block == dataBlock {
		return "data source"
	}
	return "ephemeral resource"
}

// config is the scenario's root module. Every instance reads its PAT from
// var.pats, so identical and distinct scenarios differ only in the list.
func (s scenario) config() string {
	return fmt.Sprintf(`terraform {
  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

variable "base_url" {
  type = string
}

variable "pats" {
  type      = list(string)
  sensitive = true
}

provider "goto" {
  token_url = "${var.base_url}/oauth/token"
}

%s "goto_pat_exchange" "bench" {
  count = %d
  pat   = var.pats[count.index]
}
`, s.block, s.n)
}

// sample is one timed `terraform plan`.
type sample struct {
	wall        time.Duration
	requests    int // token-endpoint requests the mock saw
	rateLimited int
	providers   []providerRun
	// cliCPU is terraform's own CPU time: its total with waited children,
	// less the provider processes and their wrappers.
	cliCPU    time.Duration
	cliMaxRSS int64 // KiB
}

func (s sample) providerMaxRSS() int64 {
	var m int64
	for _, p := range s.providers {
		m = max(m, p.maxRSSKiB)
	}
	return m
}

func (s sample) providerCPU() time.Duration {
	var d time.Duration
	for _, p := range s.providers {
		d += p.cpu
	}
	return d
}

// harness runs plans against one goto-mock-server.
type harness struct {
	cli     string
	mock    *clitest.Mock
	secret  string
	pats    []string
	dir     string // holds the workspaces and the provider log
	rc      string // CLI configuration file
	real    string // the provider binary the wrapper runs
	mockBin string
	logPath string
}

// newHarness builds the provider and the mock server, puts this program in
// the dev_overrides directory under the provider's name, and starts the mock
// with maxN PATs and its rate limit off.
func newHarness(ctx context.Context, root, cli string, maxN int) (*harness, error) {
	dir, err := os.MkdirTemp("", "goto-bench-")
	if err != nil {
		return nil, err
	}
	h := &harness{cli: cli, dir: dir, rc: filepath.Join(dir, "cli.tfrc"), real: filepath.Join(dir, "real", "terraform-provider-goto"), logPath: filepath.Join(dir, "providers.log")}
	fail := func(err error) (*harness, error) {
		h.close()
		return nil, err
	}
	mockBin := filepath.Join(dir, "goto-mock-server")
	h.mockBin = mockBin
	for _, b := range [][2]string{{h.real, "."}, {mockBin, "./cmd/goto-mock-server"}} {
		if err := clitest.GoBuild(ctx, root, b[0], b[1]); err != nil {
			return fail(err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return fail(err)
	}
	overrides := filepath.Join(dir, "override")
	if err := os.MkdirAll(overrides, 0o700); err != nil {
		return fail(err)
	}
	if err := os.Symlink(self, filepath.Join(overrides, "terraform-provider-goto")); err != nil {
		return fail(err)
	}
	if err := clitest.WriteCLIConfig(h.rc, map[string]string{"goto-community/goto": overrides}); err != nil {
		return fail(err)
	}

	h.secret = "bench-client-secret-" + randomHex()
	cfg := mockgoto.Config{
		Clients:   []mockgoto.Client{{ID: benchClientID, Secret: h.secret, PATGrant: true}},
		RateLimit: -1,
	}
	suffix := randomHex()
	for i := range maxN {
		pat := fmt.Sprintf("bench-pat-%03d-%s", i, suffix)
		h.pats = append(h.pats, pat)
		cfg.PATs = append(cfg.PATs, mockgoto.PAT{Token: pat, Principal: fmt.Sprintf("user%03d@example.com", i)})
	}
	if h.mock, err = clitest.StartMock(ctx, mockBin, &cfg); err != nil {
		return fail(err)
	}
	return h, nil
}

func (h *harness) close() {
	if h.mock != nil {
		h.mock.Stop()
	}
	os.RemoveAll(h.dir)
}

// workspace writes the scenario's configuration into a directory of its own
// and returns the directory and the CLI's environment for it.
func (h *harness) workspace(s scenario) (string, []string, error) {
	dir := filepath.Join(h.dir, fmt.Sprintf("%s-%s-%d", s.block, s.creds, s.n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(s.config()), 0o600); err != nil {
		return "", nil, err
	}
	pats := make([]string, s.n)
	for i := range pats {
		if s.creds == distinctCreds {
			pats[i] = h.pats[i]
		} else {
			pats[i] = h.pats[0]
		}
	}
	list, err := json.Marshal(pats)
	if err != nil {
		return "", nil, err
	}
	return dir, clitest.Env(h.rc, map[string]string{
		"GOTO_CLIENT_ID":     benchClientID,
		"GOTO_CLIENT_SECRET": h.secret,
		"TF_VAR_base_url":    h.mock.URL,
		"TF_VAR_pats":        string(list),
		envProviderBinary:    h.real,
		envProviderLog:       h.logPath,
	}), nil
}

// plan runs `terraform plan` once in a workspace, with the mock's counters
// reset before it.
func (h *harness) plan(ctx context.Context, s scenario) (sample, error) {
	var out sample
	dir, env, err := h.workspace(s)
	if err != nil {
		return out, err
	}
	if err := h.mock.Reset(ctx); err != nil {
		return out, err
	}
	if err := os.Remove(h.logPath); err != nil && !errors.Is(err, os.ErrNotExist) {
		return out, err
	}
	ctx, cancel := context.WithTimeout(ctx, planTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, h.cli, "plan", "-no-color", "-input=false")
	cmd.Dir, cmd.Env = dir, env
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	began := time.Now()
	err = cmd.Run()
	out.wall = time.Since(began)
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("no answer within %s", planTimeout)
		}
		return out, fmt.Errorf("%s plan (%s): %w\n%s", filepath.Base(h.cli), s, err, output.String())
	}
	if out.providers, err = readProviderLog(h.logPath); err != nil {
		return out, err
	}
	if len(out.providers) == 0 {
		return out, fmt.Errorf("%s plan (%s) started no provider through the dev_overrides wrapper", filepath.Base(h.cli), s)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		out.cliCPU = cpuTime(ru)
		for _, p := range out.providers {
			out.cliCPU -= p.cpu + p.wrapper
		}
		out.cliMaxRSS = ru.Maxrss
	}
	stats, err := h.mock.Stats(ctx)
	if err != nil {
		return out, err
	}
	out.requests, out.rateLimited = stats.Total, stats.RateLimited
	return out, nil
}

func (s scenario) String() string {
	return fmt.Sprintf("%d %s %s, %s credentials", s.n, s.block, "goto_pat_exchange", s.creds)
}

func readProviderLog(path string) ([]providerRun, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var runs []providerRun
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		r, err := parseProviderRun(sc.Text())
		if err != nil {
			return nil, err
		}
		runs = append(runs, r)
	}
	return runs, sc.Err()
}

// scenarios lists every block, credential mode and n, in the order the
// report shows them; only, when not empty, keeps the block/credentials
// pairs it names.
func scenarios(ns []int, only []string) []scenario {
	var out []scenario
	for _, block := range []string{ephemeralBlock, dataBlock} {
		for _, creds := range []string{identicalCreds, distinctCreds} {
			if len(only) > 0 && !slices.Contains(only, block+"/"+creds) {
				continue
			}
			for _, n := range slices.Sorted(slices.Values(ns)) {
				out = append(out, scenario{block: block, creds: creds, n: n})
			}
		}
	}
	return out
}
