package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/goto-community/terraform-provider-goto/internal/clitest"
	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// fetchEnv makes the test binary act as the HTTP client of the ephemeral
// configuration's provisioners, so the suite does not depend on curl.
const fetchEnv = "GOTO_E2E_FETCH"

// commandTimeout bounds every CLI command, so a stuck plugin fails the test
// instead of hanging it.
const commandTimeout = 5 * time.Minute

func TestMain(m *testing.M) {
	if os.Getenv(fetchEnv) == "1" {
		os.Exit(fetch())
	}
	raced := watchRaces()
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	if raced() && code == 0 {
		code = 1
	}
	os.Exit(code)
}

// fetch GETs $URL with the header Authorization: $AUTHORIZATION and writes
// the body to $OUT, failing on any status but 200 (as curl -f does).
func fetch() int {
	url, out := os.Getenv("URL"), os.Getenv("OUT")
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetch:", err)
		return 1
	}
	req.Header.Set("Authorization", os.Getenv("AUTHORIZATION"))
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetch:", err)
		return 1
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetch:", err)
		return 1
	}
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(os.Stderr, "fetch: %s answered %s\n", url, resp.Status)
		return 1
	}
	if err := os.WriteFile(out, body, 0o600); err != nil {
		fmt.Fprintln(os.Stderr, "fetch:", err)
		return 1
	}
	return 0
}

// requireCLI skips unless TF_ACC is set and a CLI can be found, and returns
// the CLI's path (see clitest.CLI).
func requireCLI(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end-to-end tests need TF_ACC=1")
	}
	cli, err := clitest.CLI()
	if err != nil {
		t.Skip(err.Error())
	}
	return cli
}

// writeOnlyArgument matches an argument of a write-only attribute (`*_wo`).
var writeOnlyArgument = regexp.MustCompile(`(?m)^\s*\w+_wo\s*=`)

// skipBelowWriteOnly skips unless the CLI has write-only attributes and
// ephemeral variables (Terraform 1.11, OpenTofu 1.11).
func skipBelowWriteOnly(t *testing.T, cli string) {
	t.Helper()
	if v := cliVersion(t, cli); v.LessThan(version.Must(version.NewVersion("1.11.0"))) {
		t.Skipf("write-only attributes need Terraform or OpenTofu 1.11; %s is %s", filepath.Base(cli), v)
	}
}

// cliVersion is the version the CLI reports.
func cliVersion(t *testing.T, cli string) *version.Version {
	t.Helper()
	v, err := clitest.Version(t.Context(), cli)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// buildTimeout bounds the whole build, so a stuck step fails the tests
// instead of hanging them.
const buildTimeout = 20 * time.Minute

// binaries are built once per test binary.
type binaries struct {
	providerDir string // holds terraform-provider-goto
	httpDir     string // holds terraform-provider-http
	mock        string // the goto-mock-server program
}

var built struct {
	once sync.Once
	dir  string
	bins binaries
	err  error
}

// providerVersion is the version the built provider carries.
const providerVersion = "0.0.0-e2e"

// build builds the provider (with the race detector when the tests have it)
// and the static mock server into a temporary directory, and the
// hashicorp/http provider into its cache outside the repository.
func build(t *testing.T) binaries {
	t.Helper()
	built.once.Do(func() {
		built.err = func() error {
			root, err := clitest.ModuleRoot()
			if err != nil {
				return err
			}
			//nolint:usetesting // shared by every test; TestMain removes it
			dir, err := os.MkdirTemp("", "goto-e2e-")
			if err != nil {
				return err
			}
			built.dir = dir
			b := binaries{providerDir: filepath.Join(dir, "provider"), mock: filepath.Join(dir, "goto-mock-server")}
			var flags []string
			if raceEnabled {
				flags = []string{"-race"}
			}
			ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
			defer cancel()
			// The provider is stamped with a version as releases are.
			versioned := append(slices.Clip(flags), "-ldflags=-X main.version="+providerVersion)
			if err := clitest.GoBuild(ctx, root, filepath.Join(b.providerDir, "terraform-provider-goto"), ".", versioned...); err != nil {
				return err
			}
			// The mock is the static build the container image holds.
			mock := exec.CommandContext(ctx, filepath.Join(root, "scripts", "build-mock-server.sh"), b.mock)
			mock.Dir = root
			if out, err := mock.CombinedOutput(); err != nil {
				return fmt.Errorf("scripts/build-mock-server.sh: %w\n%s", err, out)
			}
			// The script's answer is the last line of its stdout.
			cmd := exec.CommandContext(ctx, filepath.Join(root, "scripts", "install-http-provider.sh"))
			cmd.Dir = root
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("scripts/install-http-provider.sh: %w\n%s%s", err, stdout.Bytes(), stderr.Bytes())
			}
			b.httpDir = lastLine(stdout.String())
			built.bins = b
			return nil
		}()
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bins
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// account is a mock GoTo tenant with a distinct user behind each exchange,
// so each who-am-i answer shows which token was sent. Its secrets are random
// per test, so a scan for them cannot match anything else.
type account struct {
	clientID, clientSecret string
	consumerKey            string
	pat                    string // alice's
	refreshToken           string // bob's
	directLoginUser        string // carol
	password               string
}

// user is one person in the mock, as the who-am-i endpoints report them.
type user struct {
	email, firstName, organizerKey string
}

var (
	alice = user{"alice@example.com", "Alice", "1000000000000000001"}
	bob   = user{"bob@example.com", "Bob", "1000000000000000002"}
	carol = user{"carol@example.com", "Carol", "1000000000000000003"}
)

// byExchange names the user each exchange acts for.
var byExchange = map[string]user{"pat": alice, "refresh_token": bob, "direct_login": carol}

func newAccount(t *testing.T) account {
	t.Helper()
	return account{
		clientID:        "e2e-client",
		clientSecret:    "client-secret-" + randomHex(t),
		consumerKey:     "e2e-assist-consumer-key",
		pat:             "pat-" + randomHex(t),
		refreshToken:    "refresh-" + randomHex(t),
		directLoginUser: carol.email,
		password:        "password-" + randomHex(t),
	}
}

func randomHex(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func (a account) mockConfig() *mockgoto.Config {
	scopes := []string{"identity:scim.me", "collab:"}
	users := []mockgoto.User{}
	for _, u := range []user{alice, bob, carol} {
		users = append(users, mockgoto.User{
			UserID: u.email, Email: u.email, FirstName: u.firstName, LastName: "Example",
			OrganizerKey: u.organizerKey, AccountKey: "2000000000000000000",
		})
	}
	users[2].Password = a.password
	return &mockgoto.Config{
		Clients: []mockgoto.Client{
			{ID: a.clientID, Secret: a.clientSecret, PATGrant: true, Scopes: scopes},
			{ID: a.consumerKey, Scopes: scopes},
		},
		Users:         users,
		PATs:          []mockgoto.PAT{{Token: a.pat, Principal: alice.email, Scopes: scopes}},
		RefreshTokens: []mockgoto.RefreshToken{{Token: a.refreshToken, ClientID: a.clientID, Principal: bob.email, Scope: strings.Join(scopes, " ")}},
	}
}

// env is what a user would export: the secrets through GOTO_* and the rest
// through TF_VAR_*.
func (a account) env(baseURL string) map[string]string {
	return map[string]string{
		"GOTO_CLIENT_ID":           a.clientID,
		"GOTO_CLIENT_SECRET":       a.clientSecret,
		"GOTO_PAT":                 a.pat,
		"GOTO_REFRESH_TOKEN":       a.refreshToken,
		"GOTO_PASSWORD":            a.password,
		"TF_VAR_base_url":          baseURL,
		"TF_VAR_consumer_key":      a.consumerKey,
		"TF_VAR_direct_login_user": a.directLoginUser,
	}
}

// startMock runs the goto-mock-server program with cfg (nil: its demo
// credentials, then in Demo) and any extra flags. It is stopped at cleanup.
func startMock(t *testing.T, bin string, cfg *mockgoto.Config, args ...string) *clitest.Mock {
	t.Helper()
	m, err := clitest.StartMock(t.Context(), bin, cfg, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	return m
}

// mockStats reads the mock's request counters.
func mockStats(t *testing.T, m *clitest.Mock) mockgoto.Stats {
	t.Helper()
	s, err := m.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mockIssued lists every code and token the mock minted.
func mockIssued(t *testing.T, m *clitest.Mock) []mockgoto.IssuedToken {
	t.Helper()
	issued, err := m.Issued(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return issued
}

// workspace is a working directory holding a copy of one configuration,
// with a CLI configuration that points at the built providers.
type workspace struct {
	t   *testing.T
	cli string
	dir string
	env []string
}

// newWorkspace copies the configuration in src to a new working directory,
// to be run with vars in the environment.
func newWorkspace(t *testing.T, cli, src string, bins binaries, vars map[string]string) *workspace {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "work")
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(root, "cli.tfrc")
	if err := clitest.WriteCLIConfig(rc, map[string]string{"goto-community/goto": bins.providerDir, "hashicorp/http": bins.httpDir}); err != nil {
		t.Fatal(err)
	}
	return &workspace{t: t, cli: cli, dir: dir, env: clitest.Env(rc, vars)}
}

// exec runs the CLI in the workspace with env; a command that outlives
// commandTimeout is ended and reported as such.
func (w *workspace) exec(env []string, stdout, stderr io.Writer, args ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.cli, args...)
	cmd.Dir, cmd.Env = w.dir, env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err := cmd.Run()
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %s", commandTimeout)
	}
	return err
}

// run runs the CLI in the workspace and returns its output; a failure ends
// the test with the output (which the CLI keeps free of sensitive values).
func (w *workspace) run(args ...string) string {
	w.t.Helper()
	var out bytes.Buffer
	if err := w.exec(w.env, &out, &out, args...); err != nil {
		w.t.Fatalf("%s %s: %v\n%s", filepath.Base(w.cli), strings.Join(args, " "), err, out.Bytes())
	}
	return out.String()
}

// outputs returns the root module's outputs as `output -json` prints them.
func (w *workspace) outputs() map[string]json.RawMessage {
	w.t.Helper()
	var raw map[string]struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(w.run("output", "-json")), &raw); err != nil {
		w.t.Fatalf("output -json: %v", err)
	}
	out := map[string]json.RawMessage{}
	for k, v := range raw {
		out[k] = v.Value
	}
	return out
}

// file reads a file of the working directory.
func (w *workspace) file(name string) []byte {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(w.dir, name))
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

// countLines counts the lines of output that start with prefix, after
// leading spaces, such as the CLI's progress lines "<address>: <event>"
// ("data.goto_pat_exchange.alice: Reading...").
func countLines(output, prefix string) int {
	n := 0
	for _, line := range strings.Split(output, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), prefix) {
			n++
		}
	}
	return n
}

// checkPrincipals checks the principals output: each exchange's token
// belongs to the user behind its credential.
func checkPrincipals(t *testing.T, raw json.RawMessage) {
	t.Helper()
	var principals map[string]string
	if err := json.Unmarshal(raw, &principals); err != nil {
		t.Fatalf("output principals: %v", err)
	}
	for exchange, u := range byExchange {
		if principals[exchange] != u.email {
			t.Errorf("%s principal = %q, want %q", exchange, principals[exchange], u.email)
		}
	}
}

// me is the part of a who-am-i answer the tests check; both endpoints are
// decoded into it.
type me struct {
	// /admin/rest/v1/me
	Email     string      `json:"email"`
	FirstName string      `json:"firstName"`
	Key       json.Number `json:"key"`
	// /identity/v1/Users/me
	UserName    string `json:"userName"`
	DisplayName string `json:"displayName"`
	ID          string `json:"id"`
	Active      bool   `json:"active"`
}

func decodeMe(t *testing.T, what string, b []byte) me {
	t.Helper()
	var m me
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return m
}

// checkMe checks a who-am-i answer against the user the exchange acts for.
func checkMe(t *testing.T, call string, m me) {
	t.Helper()
	exchange, api, _ := strings.Cut(call, "-")
	u, ok := byExchange[exchange]
	if !ok {
		t.Fatalf("unexpected call %q", call)
	}
	switch api {
	case "admin":
		if m.Email != u.email || m.FirstName != u.firstName || m.Key.String() != u.organizerKey {
			t.Errorf("%s: /admin/rest/v1/me answered email %q, firstName %q, key %s; want %q, %q, %s",
				call, m.Email, m.FirstName, m.Key, u.email, u.firstName, u.organizerKey)
		}
	case "identity":
		if m.UserName != u.email || m.DisplayName != u.firstName+" Example" || m.ID != u.organizerKey || !m.Active {
			t.Errorf("%s: /identity/v1/Users/me answered userName %q, displayName %q, id %q, active %t; want %q, %q, %q, true",
				call, m.UserName, m.DisplayName, m.ID, m.Active, u.email, u.firstName+" Example", u.organizerKey)
		}
	default:
		t.Fatalf("unexpected call %q", call)
	}
}

// calls are the who-am-i calls each configuration makes, one per exchange and API.
var calls = []string{
	"pat-admin", "pat-identity",
	"refresh_token-admin", "refresh_token-identity",
	"direct_login-admin", "direct_login-identity",
}

// exchanges are each configuration's exchanges: the address suffix and the
// mock's counter for its grant.
var exchanges = []struct{ address, grant string }{
	{"goto_pat_exchange.alice", mockgoto.GrantPAT},
	{"goto_refresh_token_exchange.bob", mockgoto.GrantRefreshToken},
	{"goto_direct_login.carol", mockgoto.GrantDirectLogin},
}
