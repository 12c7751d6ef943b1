package provider

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/goto-community/terraform-provider-goto/internal/clitest"
	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// requireCLI skips an acceptance test when TF_ACC is unset or no terraform
// or tofu CLI can be found: terraform-plugin-testing would otherwise end the
// whole test binary.
func requireCLI(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests need TF_ACC=1")
	}
	if _, err := clitest.CLI(); err != nil {
		t.Skip(err.Error())
	}
}

// cliBinary is the CLI plugin-testing runs, found as it finds it.
func cliBinary() string {
	if cli, err := clitest.CLI(); err == nil {
		return cli
	}
	return "terraform"
}

// usingOpenTofu reports whether the CLI under test is OpenTofu, for the few
// behaviours in which it differs from Terraform.
var usingOpenTofu = sync.OnceValue(func() bool {
	out, err := exec.Command(cliBinary(), "version").Output()
	return err == nil && strings.Contains(string(out), "OpenTofu")
})

// ephemeralCLI gates tests of ephemeral resources (and of the echo provider
// that shows their results).
var ephemeralCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}

// functionCLI gates tests of provider-defined functions.
var functionCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// jwtShaped matches the mock's tokens.
var jwtShaped = regexp.MustCompile(`^[\w-]+\.[\w-]+\.[\w-]+$`)

// gotoEnvironment is every variable the provider falls back to.
var gotoEnvironment = []string{
	"GOTO_CLIENT_ID", "GOTO_CLIENT_SECRET", "GOTO_TOKEN_URL", "GOTO_DIRECT_LOGIN_URL",
	"GOTO_PAT", "GOTO_REFRESH_TOKEN", "GOTO_PASSWORD", "GOTO_API_URL", "GOTO_ACCESS_TOKEN", "GOTO_REVOKE_URL",
}

// startMock serves a mock GoTo with the demo seeds and returns it with its URL.
// It also empties the GOTO_* variables, so a developer's own settings cannot
// reach a test.
func startMock(t *testing.T, change ...func(*mockgoto.Config)) (*mockgoto.Server, string) {
	t.Helper()
	mock, baseURL, _ := startRecordingMock(t, change...)
	return mock, baseURL
}

// startRecordingMock is startMock that also records every token the mock
// issues, so tests can look for them where they must not be.
func startRecordingMock(t *testing.T, change ...func(*mockgoto.Config)) (*mockgoto.Server, string, *tokenLog) {
	t.Helper()
	log := &tokenLog{}
	mock, baseURL := serveMock(t, log, change...)
	return mock, baseURL, log
}

// serveMock serves a mock GoTo with the demo seeds, recording the tokens it
// issues in log, which several mocks may share.
func serveMock(t *testing.T, log *tokenLog, change ...func(*mockgoto.Config)) (*mockgoto.Server, string) {
	t.Helper()
	for _, name := range gotoEnvironment {
		t.Setenv(name, "")
	}
	cfg := mockgoto.DemoConfig()
	for _, c := range change {
		c(&cfg)
	}
	mock := mockgoto.New(cfg)
	srv := httptest.NewServer(log.wrap(mock))
	t.Cleanup(srv.Close)
	return mock, srv.URL
}

// factories serve this provider and the echo provider in process. Each call
// builds a fresh provider, as each terraform command starts a new plugin.
// Unlike a real run, one server then serves every configuration of a
// provider, the last configured winning: tests use no provider aliases.
func factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"goto": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server("test")(), nil },
		"echo": echoprovider.NewProviderServer(),
	}
}

// providerConfig points the provider at a mock with the demo client; the
// secret comes from the environment, as users are told to do.
func providerConfig(t *testing.T, baseURL string) string {
	t.Helper()
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	return gotoProviderBlock(mockSettings(baseURL))
}

// mockSettings are provider settings (HCL expressions) that point at a mock
// with the demo client; tests change or add entries before rendering them.
func mockSettings(baseURL string) map[string]string {
	return map[string]string{
		"client_id":        fmt.Sprintf("%q", mockgoto.DemoClientID),
		"token_url":        fmt.Sprintf("%q", baseURL+"/oauth/token"),
		"direct_login_url": fmt.Sprintf("%q", baseURL+"/oauth/access_token"),
		"api_url":          fmt.Sprintf("%q", baseURL),
		"revoke_url":       fmt.Sprintf("%q", baseURL+"/oauth/revoke"),
	}
}

// gotoProviderBlock renders a goto provider block; values are HCL expressions.
func gotoProviderBlock(settings map[string]string) string {
	var b strings.Builder
	b.WriteString("\nprovider \"goto\" {\n")
	keys := make([]string, 0, len(settings))
	for k := range settings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "  %s = %s\n", k, settings[k])
	}
	b.WriteString("}\n")
	return b.String()
}

// hclBlock renders `kind "typ" "name" { lines }`, such as an exchange.
func hclBlock(kind, typ, name string, lines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s %q %q {\n", kind, typ, name)
	for _, l := range lines {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	b.WriteString("}\n")
	return b.String()
}

// sensitiveVariable declares a sensitive variable of type typ, fed by the
// test through TF_VAR_<name>.
func sensitiveVariable(name, typ string) string {
	return fmt.Sprintf("\nvariable %q {\n  type      = %s\n  sensitive = true\n}\n", name, typ)
}

// twin is one of the two ways an exchange is served: as an ephemeral
// resource, whose result the echo provider copies into state, or as a data
// source, whose result is in state itself. Tests of both read results
// through the same helpers.
type twin struct {
	kind string // the HCL block keyword
	// versions are the CLI versions the twin needs.
	versions []tfversion.TerraformVersionCheck
	// reads is the cumulative number of times Terraform opens or reads one
	// instance by the end of each command of a plugin-testing Config step:
	// plan, apply (of the saved plan), plan -refresh=false, plan.
	reads stepCommands
}

// stepCommands holds a number for each terraform command a plugin-testing
// Config step runs that can reach the provider.
type stepCommands struct{ plan, apply, planNoRefresh, planRefresh int }

var (
	// An ephemeral resource is opened by every plan and apply.
	ephemeralTwin = twin{kind: "ephemeral", versions: ephemeralCLI, reads: stepCommands{plan: 1, apply: 2, planNoRefresh: 3, planRefresh: 4}}
	// A data source is read by every plan (even -refresh=false), and not
	// again when the saved plan is applied.
	dataSourceTwin = twin{kind: "data", reads: stepCommands{plan: 1, apply: 1, planNoRefresh: 2, planRefresh: 3}}
)

// config renders the exchange typ named "test" with the given arguments;
// the ephemeral twin also passes its result through the echo provider.
func (w twin) config(typ string, lines ...string) string {
	cfg := hclBlock(w.kind, typ, "test", lines...)
	if w.kind == "ephemeral" {
		cfg += echoConfig("ephemeral." + typ + ".test")
	}
	return cfg
}

// result locates the result of w.config(typ) in state; key names a for_each
// instance ("" when there is none).
func (w twin) result(typ, key string) result {
	if w.kind == "ephemeral" {
		base := tfjsonpath.New("data")
		if key != "" {
			base = base.AtMapKey(key)
		}
		return result{address: "echo.test", path: func(attribute string) tfjsonpath.Path { return base.AtMapKey(attribute) }}
	}
	address := "data." + typ + ".test"
	if key != "" {
		address += fmt.Sprintf("[%q]", key)
	}
	return resourceResult(address)
}

// resourceResult locates the attributes of the resource or data source at
// address, stored as its own.
func resourceResult(address string) result {
	return result{address: address, path: func(attribute string) tfjsonpath.Path { return tfjsonpath.New(attribute) }}
}

// results locates the for_each instances keys of w.config(typ).
func (w twin) results(typ string, keys ...string) []result {
	out := make([]result, 0, len(keys))
	for _, k := range keys {
		out = append(out, w.result(typ, k))
	}
	return out
}

// forEachKeys are the instance keys of forEachFive.
var forEachKeys = []string{"a", "b", "c", "d", "e"}

// forEachFive makes five instances of an exchange.
const forEachFive = `for_each = toset(["a", "b", "c", "d", "e"])`

// dropForEach is a last step that leaves only the provider configuration:
// plugin-testing's end-of-test state reading cannot handle for_each
// instances (string indexes) in state, so they must be gone by then.
func dropForEach(providerBlock string) resource.TestStep {
	return resource.TestStep{Config: providerBlock}
}

// result is where an exchange's attributes can be read in state.
type result struct {
	address string
	path    func(attribute string) tfjsonpath.Path
}

// expect is statecheck.ExpectKnownValue on one attribute.
func (r result) expect(attribute string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(r.address, r.path(attribute), check)
}

// value reads one attribute from s.
func (r result) value(s *tfjson.State, attribute string) (any, error) {
	if s == nil || s.Values == nil || s.Values.RootModule == nil {
		return nil, errors.New("the state is empty")
	}
	for _, res := range s.Values.RootModule.Resources {
		if res.Address == r.address {
			return tfjsonpath.Traverse(res.AttributeValues, r.path(attribute))
		}
	}
	return nil, fmt.Errorf("%s is not in the state", r.address)
}

// string reads a string attribute from s.
func (r result) string(s *tfjson.State, attribute string) (string, error) {
	v, err := r.value(s, attribute)
	if err != nil {
		return "", err
	}
	str, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s %s is %T, not a string", r.address, attribute, v)
	}
	return str, nil
}

// echoConfig copies expr (an HCL expression) into echo.test's data.
func echoConfig(expr string) string {
	return fmt.Sprintf(`
provider "echo" {
  data = %s
}

resource "echo" "test" {}
`, expr)
}

// exchangeInput is an exchange fed from the environment, as users are told
// to feed it, against a mock with the demo seeds.
type exchangeInput struct {
	typ   string            // the type, such as goto_pat_exchange
	grant string            // the mock's counter for its requests
	env   map[string]string // the GOTO_* variables that feed it
	args  []string          // further arguments, as HCL lines
}

func (in exchangeInput) setenv(t *testing.T) {
	for k, v := range in.env {
		t.Setenv(k, v)
	}
}

// expectToken checks what every exchange returns about its access token:
// JWT-shaped, of type Bearer, in authorization_header, and expiring
// expiresIn seconds after the exchange.
func expectToken(r result, log *tokenLog, expiresIn int64) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		r.expect("access_token", knownvalue.StringRegexp(jwtShaped)),
		r.expect("token_type", knownvalue.StringExact("Bearer")),
		expectAuthorizationHeader(r),
		r.expect("expires_in", knownvalue.Int64Exact(expiresIn)),
		expectExpiry(r, log),
	}
}

// testIdenticalShareOneRequest runs five identical exchanges: they share one
// request, and so one token, each time Terraform opens or reads them.
func testIdenticalShareOneRequest(t *testing.T, w twin, in exchangeInput) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	in.setenv(t)
	provider := gotoProviderBlock(mockSettings(baseURL))
	planChecks, afterApply := perCommandRequests(w, mock, in.grant, 1)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:           provider + w.config(in.typ, append([]string{forEachFive}, in.args...)...),
			ConfigPlanChecks: planChecks,
			ConfigStateChecks: []statecheck.StateCheck{
				afterApply,
				expectSameValue("access_token", w.results(in.typ, forEachKeys...)...),
			},
		}, dropForEach(provider)},
	})
}

// perCommandRequests checks the mock's count for grant after each command
// of a Config step: perRead requests each time Terraform opens or reads the
// configuration's exchanges (one for identical exchanges, which share a
// request; one per distinct exchange otherwise).
func perCommandRequests(w twin, mock *mockgoto.Server, grant string, perRead int) (resource.ConfigPlanChecks, statecheck.StateCheck) {
	return resource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{requestCount(mock, grant, w.reads.plan*perRead, "plan")},
		PostApplyPreRefresh:  []plancheck.PlanCheck{requestCount(mock, grant, w.reads.planNoRefresh*perRead, "plan -refresh=false")},
		PostApplyPostRefresh: []plancheck.PlanCheck{requestCount(mock, grant, w.reads.planRefresh*perRead, "the last plan")},
	}, requestCount(mock, grant, w.reads.apply*perRead, "apply")
}

// requestCount asserts how many requests for grant the mock has seen.
func requestCount(mock *mockgoto.Server, grant string, want int, after string) checkNow {
	return func() error {
		if got := mock.Count(grant); got != want {
			return fmt.Errorf("after %s the mock had seen %d %s requests, want %d", after, got, grant, want)
		}
		return nil
	}
}

// checkNow checks something besides the plan or state, such as the mock's
// counters, wherever a step runs plan or state checks: after a given command.
// expectNow runs one anywhere else, such as in PreConfig.
type checkNow func() error

func expectNow(t *testing.T, check checkNow) {
	t.Helper()
	if err := check(); err != nil {
		t.Error(err)
	}
}

func (f checkNow) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f()
}

func (f checkNow) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// expectSent checks every request the mock saw for grant: each carried the
// form fields given and, when basicUser is set, HTTP Basic authentication
// as basicUser with basicPassword. Mismatches are reported by field name
// only, since the values may be secrets.
func expectSent(mock *mockgoto.Server, grant string, fields map[string]string, basicUser, basicPassword string) checkNow {
	return func() error {
		requests := mock.Requests(grant)
		if len(requests) == 0 {
			return fmt.Errorf("the mock saw no %s request", grant)
		}
		for i, r := range requests {
			for k, v := range fields {
				if r.Form.Get(k) != v {
					return fmt.Errorf("%s request %d: form field %s is not the expected value", grant, i+1, k)
				}
			}
			user, password, basic := (&http.Request{Header: r.Header}).BasicAuth()
			switch {
			case basicUser == "" && basic:
				return fmt.Errorf("%s request %d sent HTTP Basic authentication", grant, i+1)
			case basicUser != "" && (!basic || user != basicUser || password != basicPassword):
				return fmt.Errorf("%s request %d did not authenticate as client %s with its secret", grant, i+1, basicUser)
			}
		}
		return nil
	}
}

// expectEachRequested checks that the mock saw grant requests whose field
// took each of values exactly times times, and no other value.
func expectEachRequested(mock *mockgoto.Server, grant, field string, values []string, times int) checkNow {
	return func() error {
		by := formsBy(mock, grant, field)
		for i, v := range values {
			if by[v] != times {
				return fmt.Errorf("value %d of %s was requested %d times, want %d", i+1, field, by[v], times)
			}
			delete(by, v)
		}
		if len(by) > 0 {
			return fmt.Errorf("%d other values of %s were requested", len(by), field)
		}
		return nil
	}
}

// checkState adapts a function to statecheck.StateCheck.
type checkState func(*tfjson.State) error

func (f checkState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(req.State)
}

// checkPlan adapts a function to plancheck.PlanCheck.
type checkPlan func(*tfjson.Plan) error

func (f checkPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = f(req.Plan)
}

// expectAuthorizationHeader checks that authorization_header is exactly
// "Bearer " followed by access_token.
func expectAuthorizationHeader(r result) statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error {
		token, err := r.string(s, "access_token")
		if err != nil {
			return err
		}
		header, err := r.string(s, "authorization_header")
		if err != nil {
			return err
		}
		if token == "" || header != "Bearer "+token {
			return errors.New(`authorization_header is not "Bearer " followed by access_token`)
		}
		return nil
	})
}

// expectExpiry checks expires_at: an RFC 3339 UTC timestamp lying
// expires_in seconds after the moment the mock received the request that
// issued access_token (the provider truncates it to whole seconds), and no
// later than expires_in after the check itself.
func expectExpiry(r result, log *tokenLog) statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error {
		checked := time.Now()
		token, err := r.string(s, "access_token")
		if err != nil {
			return err
		}
		raw, err := r.string(s, "expires_at")
		if err != nil {
			return err
		}
		v, err := r.value(s, "expires_in")
		if err != nil {
			return err
		}
		secs, err := int64Value(v)
		if err != nil {
			return fmt.Errorf("expires_in: %w", err)
		}
		at, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			return fmt.Errorf("expires_at %q is not RFC 3339: %w", raw, err)
		}
		if !strings.HasSuffix(raw, "Z") {
			return fmt.Errorf("expires_at %q is not in UTC", raw)
		}
		issued, ok := log.byAccessToken(token)
		if !ok {
			return errors.New("the mock never issued the access_token in the result")
		}
		ttl := time.Duration(secs) * time.Second
		earliest := issued.received.Truncate(time.Second).Add(ttl)
		latest := checked.Add(ttl)
		if at.Before(earliest) || at.After(latest) {
			return fmt.Errorf("expires_at %s is not expires_in (%ds) after the exchange: want between %s and %s",
				raw, secs, earliest.UTC().Format(time.RFC3339), latest.UTC().Format(time.RFC3339))
		}
		return nil
	})
}

// int64Value converts a whole JSON number read from state.
func int64Value(v any) (int64, error) {
	switch n := v.(type) {
	case json.Number:
		return n.Int64()
	case float64:
		if n == float64(int64(n)) {
			return int64(n), nil
		}
	}
	return 0, fmt.Errorf("%v is not a whole number", v)
}

// expectSameValue checks that attribute is set and equal in all results:
// identical exchanges share one token.
func expectSameValue(attribute string, results ...result) statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error {
		values, err := stringsAt(s, attribute, results)
		if err != nil {
			return err
		}
		for i, v := range values {
			if v != values[0] {
				return fmt.Errorf("%s differs between %s and %s", attribute, results[0].address, results[i].address)
			}
		}
		return nil
	})
}

// expectDistinctValues checks that attribute is set and different in every
// result: distinct exchanges each get a token of their own.
func expectDistinctValues(attribute string, results ...result) statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error {
		values, err := stringsAt(s, attribute, results)
		if err != nil {
			return err
		}
		seen := map[string]int{}
		for i, v := range values {
			if j, dup := seen[v]; dup {
				return fmt.Errorf("%s is the same in results %d and %d", attribute, j+1, i+1)
			}
			seen[v] = i
		}
		return nil
	})
}

func stringsAt(s *tfjson.State, attribute string, results []result) ([]string, error) {
	var out []string
	for _, r := range results {
		v, err := r.string(s, attribute)
		if err != nil {
			return nil, err
		}
		if v == "" {
			return nil, fmt.Errorf("%s is empty in %s", attribute, r.address)
		}
		out = append(out, v)
	}
	return out, nil
}

// secretsAbsent fails when any of the secrets appears anywhere in v: text,
// or a plan or state rendered as JSON. terraform show -json prints sensitive values
// in clear, so a secret that is stored at all is found. secrets is called at
// check time, and must name at least one secret, so the check cannot pass by
// having nothing to look for.
func secretsAbsent(where string, v any, secrets func() map[string]string) error {
	named := secrets()
	if len(named) == 0 {
		return fmt.Errorf("no secrets to look for in the %s", where)
	}
	var text []byte
	switch raw := v.(type) {
	case []byte:
		text = raw
	case string:
		text = []byte(raw)
	default:
		var err error
		if text, err = json.Marshal(v); err != nil {
			return err
		}
	}
	var found []string
	for name, secret := range named {
		if secret == "" {
			return fmt.Errorf("the %s to look for is empty", name)
		}
		if bytes.Contains(text, []byte(secret)) {
			found = append(found, name)
		}
	}
	if len(found) > 0 {
		slices.Sort(found)
		return fmt.Errorf("the %s holds %s", where, strings.Join(found, ", "))
	}
	return nil
}

// noSecretsInState is secretsAbsent for state.
func noSecretsInState(secrets func() map[string]string) statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error { return secretsAbsent("state", s, secrets) })
}

// noSecretsInPlan is secretsAbsent for a saved plan.
func noSecretsInPlan(secrets func() map[string]string) plancheck.PlanCheck {
	return checkPlan(func(p *tfjson.Plan) error { return secretsAbsent("saved plan", p, secrets) })
}

// expectFailure runs tc, every step of which must fail with an error that
// matches all patterns and contains none of the secrets. It is ExpectError
// with a leak check: plugin-testing skips ErrorCheck when ExpectError is set.
// A space in a pattern matches any run of white space, as the CLI wraps
// long diagnostics.
func expectFailure(t *testing.T, tc resource.TestCase, secrets map[string]string, patterns ...string) {
	t.Helper()
	failures := 0
	tc.ErrorCheck = func(err error) error {
		failures++
		text := err.Error()
		for name, secret := range secrets {
			if secret != "" && strings.Contains(text, secret) {
				// The text itself would leak the secret into the test log.
				return fmt.Errorf("the error shows the %s", name)
			}
		}
		for _, p := range patterns {
			if !wrapped(p).MatchString(text) {
				return fmt.Errorf("the error does not match %q:\n%w", p, err)
			}
		}
		return nil
	}
	resource.Test(t, tc)
	if failures != len(tc.Steps) {
		t.Fatalf("%d of %d steps failed; every step should", failures, len(tc.Steps))
	}
}

// wrapped compiles a pattern in which a space matches any run of white
// space, as the CLI wraps long diagnostics.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `[\s│]+`))
}

// failureCase is one way a working configuration fails: change alters its
// provider settings (HCL expressions) or the environment, mock the mock.
type failureCase struct {
	name     string
	change   func(t *testing.T, settings map[string]string)
	mock     func(*mockgoto.Server)
	patterns []string
}

// failureSetup is the working configuration the cases of a table change: in
// with the twin w, against a fresh mock with the demo seeds.
type failureSetup struct {
	w  twin
	in exchangeInput
	// secrets must show in no error.
	secrets map[string]string
	// noRequests: the failure must come before any request reaches the mock.
	noRequests bool
}

// testFailures runs each case as a subtest, which expectFailure checks.
func testFailures(t *testing.T, setup failureSetup, cases []failureCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			requireCLI(t)
			mock, baseURL := startMock(t)
			setup.in.setenv(t)
			settings := mockSettings(baseURL)
			if tc.change != nil {
				tc.change(t, settings)
			}
			if tc.mock != nil {
				tc.mock(mock)
			}
			expectFailure(t, resource.TestCase{
				TerraformVersionChecks:   setup.w.versions,
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: gotoProviderBlock(settings) + setup.w.config(setup.in.typ, setup.in.args...)}},
			}, setup.secrets, tc.patterns...)
			if n := mock.Count(mockgoto.CounterTotal); setup.noRequests && n != 0 {
				t.Errorf("the mock saw %d requests; a configuration error should stop the exchange before any", n)
			}
		})
	}
}

// formsBy counts the requests the mock saw for grant by the value of field.
func formsBy(mock *mockgoto.Server, grant, field string) map[string]int {
	out := map[string]int{}
	for _, f := range mock.Forms(grant) {
		out[f.Get(field)]++
	}
	return out
}

// closedURL is a loopback URL nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr
}

// tokenLog records every token the mock issues, as the mock's answers
// carried them.
type tokenLog struct {
	mu     sync.Mutex
	issued []issuedToken
}

type issuedToken struct {
	grant        string // a mockgoto Grant name
	accessToken  string
	refreshToken string
	received     time.Time // when the request reached the mock
}

// wrap records the successful token-endpoint answers of next.
func (l *tokenLog) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/oauth/token" && r.URL.Path != "/oauth/access_token" {
			next.ServeHTTP(w, r)
			return
		}
		received := time.Now()
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		grant := mockgoto.GrantDirectLogin
		if r.URL.Path == "/oauth/token" {
			form, _ := url.ParseQuery(string(body))
			grant = form.Get("grant_type")
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var answer struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		}
		if rec.Code == http.StatusOK && json.Unmarshal(rec.Body.Bytes(), &answer) == nil && answer.AccessToken != "" {
			l.mu.Lock()
			l.issued = append(l.issued, issuedToken{grant: grant, accessToken: answer.AccessToken, refreshToken: answer.RefreshToken, received: received})
			l.mu.Unlock()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// tokens lists what the mock issued for grant (every grant when empty).
func (l *tokenLog) tokens(grant string) []issuedToken {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []issuedToken
	for _, it := range l.issued {
		if grant == "" || it.grant == grant {
			out = append(out, it)
		}
	}
	return out
}

func (l *tokenLog) byAccessToken(token string) (issuedToken, bool) {
	for _, it := range l.tokens("") {
		if it.accessToken == token {
			return it, true
		}
	}
	return issuedToken{}, false
}

// secrets names every access and refresh token issued so far, for
// secretsAbsent.
func (l *tokenLog) secrets() map[string]string {
	out := map[string]string{}
	for i, it := range l.tokens("") {
		out[fmt.Sprintf("access token #%d (%s)", i+1, it.grant)] = it.accessToken
		if it.refreshToken != "" {
			out[fmt.Sprintf("refresh token #%d (%s)", i+1, it.grant)] = it.refreshToken
		}
	}
	return out
}

// terraformCLI runs the terraform (or tofu) CLI itself in a directory of its
// own, with this provider and the echo provider served in process as
// plugin-testing serves them, for what plugin-testing does not show:
// warnings in the CLI's output and the files the CLI writes.
type terraformCLI struct {
	t   *testing.T
	dir string
	rc  string // the CLI configuration file
}

func newTerraformCLI(t *testing.T, config string) *terraformCLI {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	// An empty CLI configuration: the providers are reattached, not installed.
	rc := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return &terraformCLI{t: t, dir: dir, rc: rc}
}

// run runs one command with fresh provider servers and returns its combined
// output; a failing command is returned as an error with that output.
func (c *terraformCLI) run(args ...string) (string, error) {
	c.t.Helper()
	reattach, stop := serveProviders(c.t)
	defer stop()
	cmd := exec.Command(cliBinary(), append(args, "-no-color")...)
	cmd.Dir = c.dir
	cmd.Env = clitest.Env(c.rc, map[string]string{"TF_REATTACH_PROVIDERS": reattach})
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// file reads a file the CLI wrote.
func (c *terraformCLI) file(name string) []byte {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return b
}

// planFileEntries reads every file inside a saved plan (a zip archive whose
// entries may be compressed, so the raw bytes prove nothing).
func planFileEntries(t *testing.T, plan []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(plan), int64(len(plan)))
	if err != nil {
		t.Fatalf("the saved plan is not a zip archive: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

// serveProviders serves factories() in process for one CLI command and
// returns the TF_REATTACH_PROVIDERS value for them.
func serveProviders(t *testing.T) (string, func()) {
	t.Helper()
	type reattachAddr struct{ Network, String string }
	type reattachConfig struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            reattachAddr
	}
	ctx, cancel := context.WithCancel(context.Background())
	var closed []chan struct{}
	reattach := map[string]reattachConfig{}
	for name, factory := range factories() {
		server, err := factory()
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		address := "registry.terraform.io/hashicorp/" + name
		if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
			address = host + "/hashicorp/" + name
		}
		configCh := make(chan *plugin.ReattachConfig)
		closeCh := make(chan struct{})
		closed = append(closed, closeCh)
		go func() {
			_ = tf6server.Serve(address, func() tfprotov6.ProviderServer { return server },
				tf6server.WithDebug(ctx, configCh, closeCh),
				tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
				tf6server.WithLoggingSink(t),
				tf6server.WithoutLogStderrOverride())
		}()
		select {
		case cfg := <-configCh:
			reattach[address] = reattachConfig{
				Protocol:        string(cfg.Protocol),
				ProtocolVersion: cfg.ProtocolVersion,
				Pid:             cfg.Pid,
				Test:            cfg.Test,
				Addr:            reattachAddr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
			}
		case <-time.After(10 * time.Second):
			cancel()
			t.Fatalf("the %s provider did not start", name)
		}
	}
	b, err := json.Marshal(reattach)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	return string(b), func() {
		cancel()
		for _, c := range closed {
			<-c
		}
	}
}
