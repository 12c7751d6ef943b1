package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/clitest"
	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// fleetOnly is the BENCH_ONLY entry that selects the fleet table.
const fleetOnly = "fleet"

// fleetRate is the mock's limit during fleet runs: GoTo's documented 10
// token requests a second per client, answered 429 without Retry-After.
const fleetRate = 10

const fleetConfig = `terraform {
  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

variable "base_url" {
  type = string
}

provider "goto" {
  token_url = "${var.base_url}/oauth/token"
}

data "goto_pat_exchange" "stack" {}
`

// fleetResult is one fleet: k plans started together.
type fleetResult struct {
	k           int
	cache       bool
	wall        time.Duration
	requests    int
	rateLimited int
	failures    int
	firstError  string
}

// runFleets runs each fleet size without and with token_cache_dir.
func runFleets(ctx context.Context, h *harness, sizes []int) ([]fleetResult, error) {
	var out []fleetResult
	for _, k := range sizes {
		for _, cache := range []bool{false, true} {
			r, err := h.fleet(ctx, k, cache)
			if err != nil {
				return nil, err
			}
			progress("fleet of %d plans, token_cache_dir %v: %s, %d token requests, %d answered 429, %d failed",
				k, cache, ms(r.wall, 0), r.requests, r.rateLimited, r.failures)
			out = append(out, r)
		}
	}
	return out, nil
}

// fleet starts k `terraform plan` processes at once, each in a directory of
// its own with one data "goto_pat_exchange" and the same client and PAT,
// against a fresh mock limited to fleetRate requests a second.
func (h *harness) fleet(ctx context.Context, k int, cache bool) (fleetResult, error) {
	r := fleetResult{k: k, cache: cache}
	root, err := os.MkdirTemp(h.dir, "fleet-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(root)
	const pat = "bench-fleet-pat-5c2e8a1f7d3b9e64"
	cfg := mockgoto.Config{
		Clients: []mockgoto.Client{{ID: benchClientID, Secret: h.secret, PATGrant: true}},
		PATs:    []mockgoto.PAT{{Token: pat, Principal: "fleet@example.com"}},
	}
	mock, err := clitest.StartMock(ctx, h.mockBin, &cfg, "-rate-limit", fmt.Sprint(fleetRate))
	if err != nil {
		return r, err
	}
	defer mock.Stop()
	rc := filepath.Join(root, "cli.tfrc")
	if err := clitest.WriteCLIConfig(rc, map[string]string{"goto-community/goto": filepath.Dir(h.real)}); err != nil {
		return r, err
	}
	vars := map[string]string{
		"GOTO_CLIENT_ID":     benchClientID,
		"GOTO_CLIENT_SECRET": h.secret,
		"GOTO_PAT":           pat,
		"TF_VAR_base_url":    mock.URL,
	}
	if cache {
		vars["GOTO_TOKEN_CACHE_DIR"] = filepath.Join(root, "token-cache")
	}
	env := clitest.Env(rc, vars)
	dirs := make([]string, k)
	for i := range dirs {
		dirs[i] = filepath.Join(root, fmt.Sprintf("stack-%03d", i))
		if err := os.MkdirAll(dirs[i], 0o700); err != nil {
			return r, err
		}
		if err := os.WriteFile(filepath.Join(dirs[i], "main.tf"), []byte(fleetConfig), 0o600); err != nil {
			return r, err
		}
	}

	errs := make([]string, k)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, dir := range dirs {
		wg.Go(func() {
			pctx, cancel := context.WithTimeout(ctx, planTimeout)
			defer cancel()
			cmd := exec.CommandContext(pctx, h.cli, "plan", "-no-color", "-input=false")
			cmd.Dir, cmd.Env = dir, env
			var output bytes.Buffer
			cmd.Stdout, cmd.Stderr = &output, &output
			<-start
			if err := cmd.Run(); err != nil {
				errs[i] = fmt.Sprintf("%v: %s", err, lastError(output.String()))
			}
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	r.wall = time.Since(began)
	for _, e := range errs {
		if e != "" {
			r.failures++
			if r.firstError == "" {
				r.firstError = e
			}
		}
	}
	stats, err := mock.Stats(ctx)
	if err != nil {
		return r, err
	}
	r.requests, r.rateLimited = stats.Total, stats.RateLimited
	return r, nil
}

// lastError is the first "Error:" line of a plan's output, which never holds
// a secret (the CLI masks sensitive values and the provider never writes
// one).
func lastError(output string) string {
	for _, line := range strings.Split(output, "\n") {
		if strings.Contains(line, "Error:") {
			return strings.TrimSpace(line)
		}
	}
	return "no error line"
}

// fleetMarkdown renders the fleet table, with the time and load of its own
// run, since BENCH_ONLY=fleet regenerates it alone.
func fleetMarkdown(m machine, fleets []fleetResult) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("## Fleet: many `terraform plan` processes, one client\n\n")
	p("K separate `%s plan` processes started together (Terragrunt `run-all`, Atlantis), each in its own directory with one ", m.cliName)
	p("`data \"goto_pat_exchange\"` using the same client and PAT, against the goto-mock-server program **limited to %d token requests a second** ", fleetRate)
	p("per client, answering 429 without `Retry-After`. Provider defaults (`max_wait` 5m), without and with `GOTO_TOKEN_CACHE_DIR` ")
	p("(a fresh directory per fleet). One fleet per row; regenerate this table alone with `BENCH_ONLY=fleet make bench`. ")
	p("Run at %s, load average %s / %s at start / end", m.date.UTC().Format(time.RFC3339), m.load, m.loadEnd)
	if busy(m) {
		p(" (**busy**: wall times are noisy)")
	}
	p(".\n\n")
	p("| K | token_cache_dir | Wall | Token requests | 429 answers | Failed plans |\n|--:|---|--:|--:|--:|--:|\n")
	for _, f := range fleets {
		cache := "unset"
		if f.cache {
			cache = "set"
		}
		p("| %d | %s | %s | %d | %d | %d |\n", f.k, cache, ms(f.wall, 0), f.requests, f.rateLimited, f.failures)
	}
	p("\n")
	allOK, shared := true, true
	for _, f := range fleets {
		allOK = allOK && f.failures == 0
		if f.cache && f.requests > 2 {
			shared = false
		}
	}
	p("| Target | Result |\n|---|---|\n")
	p("| Every plan of every fleet succeeds, up to K = %d | %s |\n", slices.Max(fleetSizes(fleets)), verdict(&allOK))
	p("| With the cache, at most 2 token requests per fleet (one credential) | %s |\n\n", verdict(&shared))
	for _, f := range fleets {
		if f.firstError != "" {
			p("First failure of the fleet of %d (cache %v): `%s`\n\n", f.k, f.cache, strings.ReplaceAll(f.firstError, "`", "'"))
			break
		}
	}
	return b.String()
}

func fleetSizes(fleets []fleetResult) []int {
	out := []int{0}
	for _, f := range fleets {
		out = append(out, f.k)
	}
	return out
}

// spliceFleet replaces the fleet section of an existing report, or appends
// one, leaving the rest as it was generated.
func spliceFleet(report, section string) string {
	const heading = "## Fleet:"
	i := strings.Index(report, heading)
	if i < 0 {
		return strings.TrimRight(report, "\n") + "\n\n" + section
	}
	end := len(report)
	if j := strings.Index(report[i+len(heading):], "\n## "); j >= 0 {
		end = i + len(heading) + j + 1
	}
	return report[:i] + section + report[end:]
}
