// Package clitest runs the provider the way a user does: the built binary,
// the terraform or tofu CLI through dev_overrides, and the goto-mock-server
// program. It serves the end-to-end tests, the acceptance tests' own CLI
// runs and the benchmark harness alike, so it returns errors instead of
// taking a *testing.T.
package clitest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// CLI returns the CLI to run: TF_ACC_TERRAFORM_PATH (terraform or tofu),
// else terraform on the PATH.
func CLI() (string, error) {
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("no terraform CLI on the PATH and TF_ACC_TERRAFORM_PATH is unset")
	}
	return p, nil
}

// Version is the version the CLI at path reports: Terraform's for terraform,
// OpenTofu's for tofu, as each checks a configuration's required_version.
func Version(ctx context.Context, path string) (*version.Version, error) {
	cmd := exec.CommandContext(ctx, path, "version", "-json")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s version -json: %w", path, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		return nil, fmt.Errorf("%s version -json: %w", path, err)
	}
	return version.NewVersion(v.Version)
}

// ModuleRoot is the directory holding the module's go.mod, found from the
// working directory upwards.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod in the working directory or above it")
		}
		dir = parent
	}
}

// GoBuild builds the package pkg of the module at root into out, with any
// further build flags (such as -race).
func GoBuild(ctx context.Context, root, out, pkg string, flags ...string) error {
	args := append(append([]string{"build"}, flags...), "-o", out, pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, b)
	}
	return nil
}

// WriteCLIConfig writes a CLI configuration file whose dev_overrides map
// each provider source address ("goto-community/goto") to the directory
// holding its binary. Overridden providers need no `init`, which would ask
// the registry about them and fail offline.
func WriteCLIConfig(path string, overrides map[string]string) error {
	var b strings.Builder
	b.WriteString("provider_installation {\n  dev_overrides {\n")
	for _, source := range sortedKeys(overrides) {
		fmt.Fprintf(&b, "    %q = %q\n", source, overrides[source])
	}
	b.WriteString("  }\n  direct {}\n}\n")
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// Env is this process's environment without the caller's own GoTo
// credentials, variables and CLI settings (TF_LOG* is kept for debugging),
// plus the CLI configuration file, non-interactive settings and vars.
func Env(cliConfig string, vars map[string]string) []string {
	env := []string{}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if (strings.HasPrefix(name, "TF_") && !strings.HasPrefix(name, "TF_LOG")) || strings.HasPrefix(name, "GOTO_") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	for _, k := range sortedKeys(vars) {
		env = append(env, k+"="+vars[k])
	}
	return env
}

// Mock is a running goto-mock-server program.
type Mock struct {
	// URL is the base URL the program printed.
	URL string
	// Demo holds the seeded demo credentials by name, when started without
	// a configuration.
	Demo map[string]string

	cmd    *exec.Cmd
	stderr *lockedBuffer
	exited chan struct{} // closed once the program has ended
	client *http.Client  // for the admin endpoints; trusts the CA under -tls
}

// StartMock runs the goto-mock-server program bin with cfg (nil: the demo
// credentials) and any extra flags, and waits for its base URL. With -tls,
// args must hold -tls-ca-out too: the admin endpoints are reached trusting
// that CA.
func StartMock(ctx context.Context, bin string, cfg *mockgoto.Config, args ...string) (*Mock, error) {
	flags := []string{"-listen", "127.0.0.1:0"}
	if cfg != nil {
		b, err := json.Marshal(cfg)
		if err != nil {
			return nil, err
		}
		f, err := os.CreateTemp("", "goto-mock-*.json")
		if err != nil {
			return nil, err
		}
		// The program reads the file before printing its URL, so it can go
		// once the URL has come.
		defer os.Remove(f.Name())
		_, werr := f.Write(b)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, werr
		}
		flags = append(flags, "-config", f.Name())
	}
	m := &Mock{cmd: exec.Command(bin, append(flags, args...)...), stderr: &lockedBuffer{}, exited: make(chan struct{}), client: http.DefaultClient}
	m.cmd.Stderr = m.stderr
	stdout, err := m.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := m.cmd.Start(); err != nil {
		return nil, err
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			m.URL = sc.Text()
		}
		// The demo credentials follow at once; authorize_url is the last.
		for cfg == nil && sc.Scan() {
			name, value, _ := strings.Cut(sc.Text(), "=")
			if m.Demo == nil {
				m.Demo = map[string]string{}
			}
			m.Demo[name] = value
			if name == "authorize_url" {
				break
			}
		}
		close(ready)
		_, _ = io.Copy(io.Discard, stdout)
		_ = m.cmd.Wait()
		close(m.exited)
	}()
	fail := func(format string, args ...any) (*Mock, error) {
		_ = m.cmd.Process.Kill()
		select {
		case <-m.exited:
		case <-time.After(10 * time.Second):
		}
		return nil, fmt.Errorf(format+"\n%s", append(args, m.stderr.String())...)
	}
	timeout := time.NewTimer(30 * time.Second)
	defer timeout.Stop()
	select {
	case <-ready:
	case <-timeout.C:
		return fail("goto-mock-server printed no URL within 30s")
	case <-ctx.Done():
		return fail("goto-mock-server: %w", ctx.Err())
	}
	switch {
	case strings.HasPrefix(m.URL, "http://"):
	case strings.HasPrefix(m.URL, "https://"):
		if m.client, err = trustingClient(args); err != nil {
			return fail("%w", err)
		}
	default:
		return fail("goto-mock-server printed %q, not its URL", m.URL)
	}
	if cfg == nil && m.Demo["authorize_url"] == "" {
		return fail("goto-mock-server printed no demo credentials")
	}
	return m, nil
}

// Stop ends the program (SIGTERM, then SIGKILL after ten seconds).
func (m *Mock) Stop() {
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.exited:
	case <-time.After(10 * time.Second):
		_ = m.cmd.Process.Kill()
		<-m.exited
	}
}

// Stderr is what the program wrote to stderr so far.
func (m *Mock) Stderr() string { return m.stderr.String() }

// Stats reads the request counters through GET /_mock/stats.
func (m *Mock) Stats(ctx context.Context) (mockgoto.Stats, error) {
	var s mockgoto.Stats
	resp, err := m.admin(ctx, http.MethodGet, "/_mock/stats", http.StatusOK)
	if err != nil {
		return s, err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return s, fmt.Errorf("GET /_mock/stats: %w", err)
	}
	return s, nil
}

// Issued lists every code and token the program minted, through
// GET /_mock/issued.
func (m *Mock) Issued(ctx context.Context) ([]mockgoto.IssuedToken, error) {
	resp, err := m.admin(ctx, http.MethodGet, "/_mock/issued", http.StatusOK)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var issued []mockgoto.IssuedToken
	if err := json.NewDecoder(resp.Body).Decode(&issued); err != nil {
		return nil, fmt.Errorf("GET /_mock/issued: %w", err)
	}
	return issued, nil
}

// Reset zeroes the counters, recorded requests, faults and rate limiter
// through POST /_mock/reset.
func (m *Mock) Reset(ctx context.Context) error {
	resp, err := m.admin(ctx, http.MethodPost, "/_mock/reset", http.StatusNoContent)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func (m *Mock) admin(ctx context.Context, method, path string, want int) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, m.URL+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := m.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode != want {
		resp.Body.Close()
		return nil, fmt.Errorf("%s %s answered %s", method, path, resp.Status)
	}
	return resp, nil
}

// trustingClient is an HTTP client that trusts the CA the program wrote to
// the file its -tls-ca-out argument names.
func trustingClient(args []string) (*http.Client, error) {
	i := slices.Index(args, "-tls-ca-out")
	if i < 0 || i+1 >= len(args) {
		return nil, errors.New("goto-mock-server serves https, but no -tls-ca-out file names its CA")
	}
	pem, err := os.ReadFile(args[i+1])
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no certificate", args[i+1])
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}, nil
}

// lockedBuffer lets Stderr read while the program still writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
