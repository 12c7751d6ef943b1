package e2e

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// The leak scans run plan -out and apply through the real CLI with TF_LOG=TRACE
// and look for every secret of the run in what the CLI leaves behind: the
// TRACE log, stdout and stderr, the plan file (every entry) and its
// `show -json`, and the state. The secrets reach the CLI only through GOTO_*
// and TF_VAR_* variables (an ephemeral variable for the code), never through
// -var or literal configuration, which the CLI itself logs or copies into
// plan files: whatever is found is what the provider let out.

// secret is one value a scan must not find, named for the failure message.
type secret struct {
	name  string
	value string
}

// traced is the output of one CLI command run with TF_LOG=TRACE.
type traced struct {
	name           string // the command, for messages
	stdout, stderr []byte
	log            []byte
}

// runTraced runs the CLI with TF_LOG=TRACE into a log file of its own and
// keeps stdout and stderr apart. A failure ends the test with the output,
// scrubbed of known secrets and anything shaped like a token.
func (w *workspace) runTraced(known []secret, args ...string) traced {
	w.t.Helper()
	logPath := filepath.Join(w.t.TempDir(), "trace.log")
	// The caller's own TF_LOG* settings (TF_LOG_PROVIDER=off, say) would
	// narrow the log under scan.
	env := []string{"TF_LOG=TRACE", "TF_LOG_PATH=" + logPath}
	for _, kv := range w.env {
		if !strings.HasPrefix(kv, "TF_LOG") {
			env = append(env, kv)
		}
	}
	var stdout, stderr bytes.Buffer
	err := w.exec(env, &stdout, &stderr, args...)
	name := redact([]byte(filepath.Base(w.cli)+" "+strings.Join(args, " ")), known)
	if err != nil {
		w.t.Fatalf("%s: %v\n%s%s", name, err, redact(stdout.Bytes(), known), redact(stderr.Bytes(), known))
	}
	log, err := os.ReadFile(logPath)
	if err != nil {
		w.t.Fatalf("%s wrote no TRACE log: %v", name, err)
	}
	if !bytes.Contains(log, []byte("[TRACE]")) {
		w.t.Fatalf("%s: the log at %s holds no TRACE lines", name, logPath)
	}
	return traced{name: name, stdout: stdout.Bytes(), stderr: stderr.Bytes(), log: log}
}

// scan fails the test for every secret found in b.
func scan(t *testing.T, what string, b []byte, secrets []secret) {
	t.Helper()
	for _, found := range findSecrets(what, b, secrets) {
		t.Error(found)
	}
}

// findSecrets reports each secret found in b, in any of the forms
// secretForms lists, with the line it was found on, the secrets replaced by
// their names.
func findSecrets(what string, b []byte, secrets []secret) []string {
	var found []string
	for _, s := range secrets {
		for _, f := range secretForms(s.value) {
			i := bytes.Index(b, []byte(f.text))
			if i < 0 {
				continue
			}
			start := bytes.LastIndexByte(b[:i], '\n') + 1
			end := bytes.IndexByte(b[i:], '\n')
			if end < 0 {
				end = len(b)
			} else {
				end += i
			}
			line := redact(b[start:end], secrets)
			if len(line) > 600 {
				line = line[:600] + "..."
			}
			found = append(found, fmt.Sprintf("%s contains the %s%s, on this line (secrets replaced by their names):\n%s", what, s.name, f.how, line))
			break
		}
	}
	return found
}

// scanRun scans a traced command's log, stdout and stderr.
func scanRun(t *testing.T, r traced, secrets []secret) {
	t.Helper()
	scan(t, "the TRACE log of `"+r.name+"`", r.log, secrets)
	scan(t, "the stdout of `"+r.name+"`", r.stdout, secrets)
	scan(t, "the stderr of `"+r.name+"`", r.stderr, secrets)
}

// requireProviderLogs fails unless the provider's own logs reached the TRACE
// logs of runs: its request log line and the framework's TRACE lines. A
// scan of a log the provider never wrote to would prove nothing.
func requireProviderLogs(t *testing.T, runs ...traced) {
	t.Helper()
	var all []byte
	for _, r := range runs {
		all = append(all, r.log...)
	}
	for _, want := range []string{"GoTo token endpoint request", "@module=sdk.framework"} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("the TRACE logs hold no %q line from the provider", want)
		}
	}
}

// scanPlanFile scans a saved plan: the file itself, every entry of the zip
// archive it is, uncompressed, and the CLI's `show -json` of it.
func scanPlanFile(t *testing.T, w *workspace, name string, secrets []secret) {
	t.Helper()
	raw := w.file(name)
	scan(t, "the plan file", raw, secrets)
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("the plan file is not a zip archive: %v", err)
	}
	if len(zr.File) == 0 {
		t.Fatal("the plan file has no entries")
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("plan file entry %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("plan file entry %s: %v", f.Name, err)
		}
		scan(t, "the plan file's entry "+f.Name, b, secrets)
	}
	scan(t, "`show -json "+name+"`", []byte(w.run("show", "-json", name)), secrets)
}

// scanState scans the state and its backup, when there is one.
func scanState(t *testing.T, w *workspace, secrets []secret) {
	t.Helper()
	scan(t, "the state", w.file("terraform.tfstate"), secrets)
	if b, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate.backup")); err == nil {
		scan(t, "the state backup", b, secrets)
	}
}

// form is one way a secret can be written, and how to say so.
type form struct {
	text, how string
}

// secretForms lists a secret as written and base64-encoded (standard and
// URL alphabets) at each of the three offsets it could have inside a longer
// encoded value, such as the client secret in a Basic authorization header.
// The encoded forms keep only the characters that depend on the secret
// alone.
func secretForms(s string) []form {
	forms := []form{{s, ""}}
	if len(s) < 12 {
		return forms
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for pad := range 3 {
			e := enc.EncodeToString(append(bytes.Repeat([]byte{0}, pad), s...))
			// Drop the group holding the padding and the last, partial group.
			from := 0
			if pad > 0 {
				from = 4
			}
			to := (pad + len(s)) / 3 * 4
			if to-from >= 12 {
				forms = append(forms, form{e[from:to], " (base64-encoded)"})
			}
		}
	}
	return forms
}

// redact replaces every known secret, in each of its forms, and anything
// shaped like a token, so failure output never shows one.
func redact(b []byte, secrets []secret) string {
	s := string(b)
	for _, sec := range secrets {
		if sec.value == "" {
			continue
		}
		for _, f := range secretForms(sec.value) {
			s = strings.ReplaceAll(s, f.text, "<"+sec.name+f.how+">")
		}
	}
	return jwtShaped.ReplaceAllString(s, "<token>")
}

// given is every long-lived secret of the account, as the scans name them.
func (a account) given() []secret {
	return []secret{
		{"client secret", a.clientSecret},
		{"PAT", a.pat},
		{"password", a.password},
		{"given refresh token", a.refreshToken},
	}
}

// issuedSecrets names each issued token by kind and principal; keep selects
// which to scan for.
func issuedSecrets(issued []mockgoto.IssuedToken, keep func(mockgoto.IssuedToken) bool) []secret {
	var out []secret
	for i, it := range issued {
		if keep == nil || keep(it) {
			name := map[string]string{"code": "authorization code", "access": "access token", "refresh": "refresh token"}[it.Type]
			out = append(out, secret{fmt.Sprintf("%s issued to %s (#%d)", name, it.Principal, i+1), it.Token})
		}
	}
	return out
}

// countIssued counts the issued tokens of a kind per principal.
func countIssued(issued []mockgoto.IssuedToken, typ string) map[string]int {
	n := map[string]int{}
	for _, it := range issued {
		if it.Type == typ {
			n[it.Principal]++
		}
	}
	return n
}

// rotatingConfig is the account's mock configuration with refresh tokens
// rotated on every exchange, so the scans also meet issued refresh tokens
// and the provider's warning about them.
func (a account) rotatingConfig() *mockgoto.Config {
	cfg := a.mockConfig()
	cfg.Rotation = mockgoto.RotationAlways
	return cfg
}

// requireEveryExchange fails unless the run exercised what the scans look
// for: an access token issued for each exchange's user, a refresh token
// rotated for bob and one issued to carol by direct login, and the warning
// about the rotated one on the CLI's output.
func requireEveryExchange(t *testing.T, issued []mockgoto.IssuedToken, runs ...traced) {
	t.Helper()
	access, refresh := countIssued(issued, "access"), countIssued(issued, "refresh")
	for exchange, u := range byExchange {
		if access[u.email] == 0 {
			t.Errorf("the mock issued no access token for the %s exchange, so the scan would prove nothing", exchange)
		}
	}
	for _, u := range []user{bob, carol} {
		if refresh[u.email] == 0 {
			t.Errorf("the mock issued no refresh token to %s, so the scan would prove nothing", u.email)
		}
	}
	var out []byte
	for _, r := range runs {
		out = append(append(out, r.stdout...), r.stderr...)
	}
	if !bytes.Contains(out, []byte("GoTo Returned a New Refresh Token")) {
		t.Error("the CLI showed no warning about the rotated refresh token")
	}
}

// TestE2ELeakScanEphemeral runs testdata/ephemeral, where each exchange's
// ephemeral resource hands its token to local-exec provisioners, through
// plan -out and apply against a mock that rotates refresh tokens, and finds
// no secret anywhere: not the long-lived ones, not any access or refresh
// token the mock issued, and not in the state either, since ephemeral
// results are never stored.
func TestE2ELeakScanEphemeral(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	bins := build(t)
	acct := newAccount(t)
	mock := startMock(t, bins.mock, acct.rotatingConfig())
	ws := ephemeralWorkspace(t, cli, bins, acct, mock.URL)

	plan := ws.runTraced(acct.given(), "plan", "-no-color", "-out=tfplan")
	apply := ws.runTraced(acct.given(), "apply", "-no-color", "tfplan")
	// The tokens worked: each who-am-i call answered for its user.
	for _, call := range calls {
		checkMe(t, call, decodeMe(t, call, ws.file(call+".json")))
	}

	issued := mockIssued(t, mock)
	requireEveryExchange(t, issued, plan, apply)
	secrets := append(acct.given(), issuedSecrets(issued, nil)...)
	requireProviderLogs(t, plan, apply)
	for _, r := range []traced{plan, apply} {
		scanRun(t, r, secrets)
	}
	scanPlanFile(t, ws, "tfplan", secrets)
	scanState(t, ws, secrets)
}

// TestE2ELeakScanDataSources runs testdata/leak_data_sources, each
// exchange's data source fed from GOTO_*, through plan -out and apply
// against a mock that rotates refresh tokens. No
// secret at all reaches the TRACE log, stdout or stderr. The plan and the
// state hold the data sources' results, access tokens and issued refresh
// tokens among them (marked sensitive), by design; they must not hold the
// long-lived secrets the data sources were fed.
func TestE2ELeakScanDataSources(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	bins := build(t)
	acct := newAccount(t)
	mock := startMock(t, bins.mock, acct.rotatingConfig())
	ws := newWorkspace(t, cli, filepath.Join("testdata", "leak_data_sources"), bins, acct.env(mock.URL))

	plan := ws.runTraced(acct.given(), "plan", "-no-color", "-out=tfplan")
	apply := ws.runTraced(acct.given(), "apply", "-no-color", "tfplan")
	checkPrincipals(t, ws.outputs()["principals"])

	issued := mockIssued(t, mock)
	requireEveryExchange(t, issued, plan, apply)
	all := append(acct.given(), issuedSecrets(issued, nil)...)
	requireProviderLogs(t, plan, apply)
	for _, r := range []traced{plan, apply} {
		scanRun(t, r, all)
	}
	scanPlanFile(t, ws, "tfplan", acct.given())
	scanState(t, ws, acct.given())
	// The scans of plan and state looked at real results: the access tokens
	// are there, as data sources keep them.
	if len(findSecrets("the state", ws.file("terraform.tfstate"), issuedSecrets(issued, nil))) == 0 {
		t.Error("the state holds none of the issued access tokens; the data sources stored no result")
	}
}

// TestE2ELeakScanAuthorizationCode redeems a code from the mock's authorize
// endpoint with goto_authorization_code_exchange, the code coming from an
// ephemeral variable set through TF_VAR_code, through plan -out, apply, a
// later plan and a destroy that revokes the refresh token. No secret reaches
// the TRACE logs, stdout or stderr, the revocation request included; the
// plan file (made before the exchange) holds none; the state held the
// refresh token the exchange returned, by design, and nothing else: neither
// the write-only code nor the discarded access token.
func TestE2ELeakScanAuthorizationCode(t *testing.T) {
	cli := requireCLI(t)
	skipBelowWriteOnly(t, cli)
	t.Parallel()
	bins := build(t)
	acct := newAccount(t)
	mock := startMock(t, bins.mock, acct.mockConfig())
	code := authorizationCode(t, mock.URL+"/oauth/authorize", acct.clientID)
	vars := acct.env(mock.URL)
	vars["TF_VAR_redirect_uri"] = exampleRedirectURI
	vars["TF_VAR_code"] = code
	ws := newWorkspace(t, cli, filepath.Join("testdata", "leak_authorization_code"), bins, vars)

	known := append(acct.given(), secret{"authorization code", code})
	plan := ws.runTraced(known, "plan", "-no-color", "-out=tfplan")
	apply := ws.runTraced(known, "apply", "-no-color", "tfplan")
	// Read and plan never call GoTo again.
	again := ws.runTraced(known, "plan", "-no-color", "-detailed-exitcode")

	if stats := mockStats(t, mock); stats.Requests[mockgoto.GrantAuthorizationCode] != 1 {
		t.Errorf("mock saw %d authorization_code requests, want 1", stats.Requests[mockgoto.GrantAuthorizationCode])
	}
	var principal string
	if err := json.Unmarshal(ws.outputs()["principal"], &principal); err != nil || principal == "" {
		t.Errorf("output principal = %s, want the user who signed in", ws.outputs()["principal"])
	}
	issued := mockIssued(t, mock)
	kinds := map[string]int{}
	for _, it := range issued {
		kinds[it.Type]++
	}
	if kinds["code"] != 1 || kinds["access"] != 1 || kinds["refresh"] != 1 {
		t.Fatalf("the mock issued %v, want one code, one access token and one refresh token", kinds)
	}

	all := append(acct.given(), issuedSecrets(issued, nil)...)
	requireProviderLogs(t, plan, apply)
	for _, r := range []traced{plan, apply, again} {
		scanRun(t, r, all)
	}
	scanPlanFile(t, ws, "tfplan", all)
	scanState(t, ws, append(acct.given(), issuedSecrets(issued, func(it mockgoto.IssuedToken) bool { return it.Type != "refresh" })...))
	// The kept refresh token is where it belongs.
	kept := issuedSecrets(issued, func(it mockgoto.IssuedToken) bool { return it.Type == "refresh" })
	if len(findSecrets("the state", ws.file("terraform.tfstate"), kept)) == 0 {
		t.Error("the state does not hold the refresh token the exchange returned")
	}

	destroy := ws.runTraced(known, "destroy", "-no-color", "-auto-approve")
	if !bytes.Contains(destroy.log, []byte("GoTo revocation request")) {
		t.Error("the destroy's TRACE log holds no revocation request line, so its scan would prove nothing")
	}
	scanRun(t, destroy, all)
	if n := mockStats(t, mock).Revocations; n != 1 {
		t.Errorf("the destroy sent %d revocations, want 1", n)
	}
	if status := refreshStatus(t, mock.URL, acct, kept[0].value); status != http.StatusBadRequest {
		t.Errorf("the revoked refresh token got %d at the token endpoint, want 400 invalid_grant", status)
	}
}

// refreshStatus is the token endpoint's status for a refresh of token.
func refreshStatus(t *testing.T, baseURL string, acct account, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, baseURL+"/oauth/token",
		strings.NewReader(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {token}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(acct.clientID, acct.clientSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// aliceAccountKey is beyond float64's exact range, and the mock sends it as
// a bare JSON number.
const aliceAccountKey = "8439885694023999999"

// TestE2ELeakScanIdentity runs testdata/leak_identity through plan -out and
// apply with the built provider: goto_identity reads alice's keys through a
// provider alias whose access_token is an ephemeral PAT exchange, and
// through the ephemeral twin's argument, and the exchange revokes its token
// on close. No secret, issued token included, reaches the TRACE logs,
// stdout, stderr, the plan file or the state, though each revocation
// request carries a token; and every token the run exchanged is refused by
// GoTo afterwards.
func TestE2ELeakScanIdentity(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	bins := build(t)
	acct := newAccount(t)
	cfg := acct.mockConfig()
	cfg.Users[0].KeyFormat = mockgoto.KeysAsNumbers
	cfg.Users[0].Accounts = []mockgoto.Account{{Key: aliceAccountKey, Name: "Alice's account", Entitlements: []string{"g2m"}}}
	mock := startMock(t, bins.mock, cfg)
	ws := newWorkspace(t, cli, filepath.Join("testdata", "leak_identity"), bins, map[string]string{
		"GOTO_CLIENT_ID":     acct.clientID,
		"GOTO_CLIENT_SECRET": acct.clientSecret,
		"GOTO_PAT":           acct.pat,
		"TF_VAR_base_url":    mock.URL,
	})

	plan := ws.runTraced(acct.given(), "plan", "-no-color", "-out=tfplan")
	apply := ws.runTraced(acct.given(), "apply", "-no-color", "tfplan")
	out := ws.outputs()
	for name, want := range map[string]string{"account_key": aliceAccountKey, "organizer_key": alice.organizerKey} {
		var got string
		if err := json.Unmarshal(out[name], &got); err != nil || got != want {
			t.Errorf("output %s = %s, want %q", name, out[name], want)
		}
	}

	issued := mockIssued(t, mock)
	access := issuedSecrets(issued, func(it mockgoto.IssuedToken) bool { return it.Type == "access" })
	stats := mockStats(t, mock)
	if len(access) < 2 || stats.Revocations != len(access) {
		t.Errorf("the mock issued %d access tokens and saw %d revocations; want one revocation for each of the plan's and the apply's tokens",
			len(access), stats.Revocations)
	}
	for _, s := range access {
		if code := identityStatus(t, mock.URL, s.value); code != http.StatusUnauthorized {
			t.Errorf("the %s got %d at /identity/v1/Users/me after the run, want 401 (revoked)", s.name, code)
		}
	}

	all := append(acct.given(), issuedSecrets(issued, nil)...)
	requireProviderLogs(t, plan, apply)
	for _, want := range []string{"GoTo API request", "GoTo revocation request"} {
		if !containsLog(want, plan, apply) {
			t.Errorf("the TRACE logs hold no %q line, so the scan would prove nothing about it", want)
		}
	}
	for _, r := range []traced{plan, apply} {
		scanRun(t, r, all)
	}
	scanPlanFile(t, ws, "tfplan", all)
	scanState(t, ws, all)
}

func containsLog(s string, runs ...traced) bool {
	for _, r := range runs {
		if bytes.Contains(r.log, []byte(s)) {
			return true
		}
	}
	return false
}

// identityStatus is the status the mock's SCIM endpoint answers for a token.
func identityStatus(t *testing.T, baseURL, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, baseURL+"/identity/v1/Users/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestFindSecrets checks the scanner itself: a secret is found as written
// and base64-encoded at any offset, as in a Basic authorization header, and
// the report names it without showing it.
func TestFindSecrets(t *testing.T) {
	const value = "client-secret-0123456789abcdef"
	secrets := []secret{{"client secret", value}}
	for _, tc := range []struct {
		name string
		text string
		want bool
	}{
		{"raw", "x=1\nsecret=" + value + " y=2\n", true},
		{"json", `{"client_secret":"` + value + `"}`, true},
		{"absent", "client-secret-0123456789abcde", false},
		{"empty", "", false},
	} {
		if got := len(findSecrets(tc.name, []byte(tc.text), secrets)) > 0; got != tc.want {
			t.Errorf("%s: found = %t, want %t", tc.name, got, tc.want)
		}
	}
	for _, id := range []string{"a", "ab", "abc", "e2e-client"} {
		header := "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+value))
		found := findSecrets("the log", []byte("GET /\n"+header+"\n"), secrets)
		if len(found) != 1 {
			t.Errorf("client id %q: the Basic header was not found", id)
			continue
		}
		if strings.Contains(found[0], value) || strings.Contains(found[0], header[len("Authorization: Basic ")+8:]) {
			t.Errorf("client id %q: the report shows the secret", id)
		}
	}
	url := "token=" + base64.RawURLEncoding.EncodeToString([]byte("xy"+value))
	if len(findSecrets("the log", []byte(url), secrets)) != 1 {
		t.Error("the URL-safe base64 form was not found")
	}
}
