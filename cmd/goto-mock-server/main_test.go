package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

var baseURLPattern = regexp.MustCompile(`^http://127\.0\.0\.1:[0-9]+$`)

// syncBuffer is a bytes.Buffer safe to write from the server and read from the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve runs the program in-process and returns its stdout lines as they come.
func serve(t *testing.T, args ...string) (lines <-chan string, stderr *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr = &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		err := run(ctx, args, pw, stderr)
		pw.Close()
		done <- err
	}()
	ch := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			ch <- sc.Text()
		}
		close(ch)
	}()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				t.Error("run did not return after cancel")
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return ch, stderr, stop
}

func nextLine(t *testing.T, lines <-chan string) string {
	t.Helper()
	select {
	case l, ok := <-lines:
		if !ok {
			t.Fatal("stdout closed")
		}
		return l
	case <-time.After(10 * time.Second):
		t.Fatal("no output")
	}
	return ""
}

func tokenRequest(t *testing.T, base, id, secret string, form url.Values) (*http.Response, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp, body
}

func TestRunDemo(t *testing.T) {
	lines, stderr, stop := serve(t, "-v")
	base := nextLine(t, lines)
	if !baseURLPattern.MatchString(base) {
		t.Fatalf("first line %q is not a base URL", base)
	}
	vals := map[string]string{}
	for len(vals) < 13 {
		k, v, ok := strings.Cut(nextLine(t, lines), "=")
		if !ok {
			t.Fatal("line is not name=value")
		}
		vals[k] = v
	}
	want := map[string]string{
		"client_id": mockgoto.DemoClientID, "client_secret": mockgoto.DemoClientSecret, "pat": mockgoto.DemoPAT,
		"user_id": mockgoto.DemoUserID, "password": mockgoto.DemoPassword, "refresh_token": mockgoto.DemoRefreshToken,
		"token_url": base + "/oauth/token", "api_url": base, "revoke_url": base + "/oauth/revoke",
	}
	for k, v := range want {
		if vals[k] != v {
			t.Errorf("%s=%q, want %q", k, vals[k], v)
		}
	}

	resp, body := tokenRequest(t, base, vals["client_id"], vals["client_secret"],
		url.Values{"grant_type": {"personal_access_token"}, "pat": {vals["pat"]}})
	if resp.StatusCode != http.StatusOK || body["access_token"] == nil || body["principal"] != mockgoto.DemoUserID {
		t.Fatalf("PAT exchange: %d %v", resp.StatusCode, body)
	}
	// Without -tls there is no CA to fetch, and the answer says how to get one.
	caResp, err := http.Get(base + "/_mock/ca.pem")
	if err != nil {
		t.Fatal(err)
	}
	caBody, _ := io.ReadAll(caResp.Body)
	caResp.Body.Close()
	if caResp.StatusCode != http.StatusNotFound || !strings.Contains(string(caBody), "start it with -tls") {
		t.Fatalf("/_mock/ca.pem without -tls: %d %q", caResp.StatusCode, caBody)
	}
	if err := stop(); err != nil {
		t.Fatalf("run: %v", err)
	}
	if log := stderr.String(); !strings.Contains(log, "POST /oauth/token 200") || strings.Contains(log, vals["pat"]) {
		t.Fatalf("request log %q", log)
	}
}

func TestRunConfigAndFlags(t *testing.T) {
	cfgPath := filepath.Join(t.TempDir(), "mock.json")
	cfg := `{"clients":[{"id":"ci","secret":"ci-secret","pat_grant":true}],
	         "pats":[{"token":"ci-pat","principal":"ci@example.com"}],"rate_limit":100,"access_ttl":"600s"}`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	lines, _, stop := serve(t, "-config", cfgPath, "-rate-limit", "0.5", "-retry-after", "-listen", "0.0.0.0:0")
	base := nextLine(t, lines)
	if !baseURLPattern.MatchString(base) {
		t.Fatalf("first line %q", base)
	}
	wantEndpoints(t, lines, base)
	form := url.Values{"grant_type": {"personal_access_token"}, "pat": {"ci-pat"}}
	resp, body := tokenRequest(t, base, "ci", "ci-secret", form)
	if resp.StatusCode != http.StatusOK || body["expires_in"] != float64(600) || body["principal"] != "ci@example.com" {
		t.Fatalf("PAT exchange: %d %v", resp.StatusCode, body)
	}
	resp, _ = tokenRequest(t, base, "ci", "ci-secret", form)
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("flags did not override the config: %d %v", resp.StatusCode, resp.Header)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for l := range lines {
		t.Errorf("unexpected output %q", l)
	}
}

// wantEndpoints reads the endpoint lines that follow the base URL when the
// mock has a config: the same as without one, so that a script waiting for
// authorize_url works either way, and no credential, since those are the
// file's own.
func wantEndpoints(t *testing.T, lines <-chan string, base string) {
	t.Helper()
	for _, want := range []string{
		"api_url=" + base, "token_url=" + base + "/oauth/token", "direct_login_url=" + base + "/oauth/access_token",
		"revoke_url=" + base + "/oauth/revoke", "authorize_url=" + base + "/oauth/authorize",
	} {
		if got := nextLine(t, lines); got != want {
			t.Fatalf("line %q, want %q", got, want)
		}
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	invalid := filepath.Join(dir, "invalid.json")
	_ = os.WriteFile(invalid, []byte(`{"rotation":"sometimes"}`), 0o600)
	typo := filepath.Join(dir, "typo.json")
	_ = os.WriteFile(typo, []byte(`{"client":[]}`), 0o600)
	for name, args := range map[string][]string{
		"flag":    {"-nope"},
		"args":    {"extra"},
		"missing": {"-config", filepath.Join(dir, "absent.json")},
		"invalid": {"-config", invalid},
		"typo":    {"-config", typo},
		"listen":  {"-listen", "256.0.0.1:0"},
		"no tls":  {"-tls-ca-out", filepath.Join(dir, "ca.pem")},
		"hosts":   {"-tls", "-tls-hosts", " , "},
		"ca dir":  {"-tls", "-tls-ca-out", filepath.Join(dir, "absent", "ca.pem")},
	} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, &out, &errOut); err == nil {
			t.Errorf("%s: no error", name)
		}
		if out.Len() != 0 {
			t.Errorf("%s: printed %q", name, out.String())
		}
	}
}

// A JSON syntax error names the file, line and column, and a missing file the
// flag that named it.
func TestRunConfigErrorsSayWhere(t *testing.T) {
	dir := t.TempDir()
	trailingComma := filepath.Join(dir, "comma.json")
	if err := os.WriteFile(trailingComma, []byte("{\n  \"clients\": [\n    {\"id\": \"a\"},\n  ]\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for args, want := range map[string]string{
		trailingComma:                     trailingComma + ":4:3: invalid character ']'",
		filepath.Join(dir, "absent.json"): "-config: open " + filepath.Join(dir, "absent.json"),
	} {
		err := run(context.Background(), []string{"-config", args}, io.Discard, io.Discard)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v, want %q", args, err, want)
		}
	}
}

// buildBinary builds the program into a temporary directory.
func buildBinary(t *testing.T, goBin string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "goto-mock-server")
	if out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// TestGuideStartScript runs the guide's start-and-wait script as a reader
// pastes it: it must get the URL with or without a config, and stop waiting
// when the program fails to start.
func TestGuideStartScript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	guide, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "mock-server.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	_, script, _ := strings.Cut(string(guide), "## Running it\n\n```shell\n")
	script, _, _ = strings.Cut(script, "```")
	const start = "goto-mock-server -listen 127.0.0.1:0 "
	if !strings.HasPrefix(script, start) {
		t.Fatalf("the guide's script does not start with %q:\n%s", start, script)
	}
	bin := buildBinary(t, goBin)
	cfgPath := filepath.Join(t.TempDir(), "mock.json")
	if err := os.WriteFile(cfgPath, []byte(`{"clients":[{"id":"ci","secret":"ci-secret"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, flags := range map[string]string{
		"demo":   "-listen 127.0.0.1:0 ",
		"config": "-listen 127.0.0.1:0 -config " + cfgPath + " ",
		"fails":  "-listen 256.0.0.1:0 ",
	} {
		t.Run(name, func(t *testing.T) {
			run := strings.Replace(script, start, bin+" "+flags, 1) + `echo "url=$url"; kill $! 2>/dev/null; wait` + "\n"
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bash, "-c", run)
			cmd.Dir = t.TempDir()
			out, _ := cmd.CombinedOutput()
			if ctx.Err() != nil {
				t.Fatalf("the script still waits after 30s:\n%s", out)
			}
			got := regexp.MustCompile(`(?m)^url=(.*)$`).FindSubmatch(out)
			switch {
			case got == nil:
				t.Fatalf("no url line:\n%s", out)
			case name == "fails" && (len(got[1]) != 0 || !strings.Contains(string(out), "goto-mock-server stopped")):
				t.Fatalf("a failed start:\n%s", out)
			case name != "fails" && !baseURLPattern.Match(got[1]):
				t.Fatalf("url %q:\n%s", got[1], out)
			}
		})
	}
}

// TestBinaryStopsOnSignal builds the program and checks what scripts rely on:
// the first stdout line, and a clean exit on SIGINT and SIGTERM.
func TestBinaryStopsOnSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := buildBinary(t, goBin)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		cmd := exec.Command(bin)
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		first, err := bufio.NewReader(stdout).ReadString('\n')
		if err != nil || !baseURLPattern.MatchString(strings.TrimSpace(first)) {
			_ = cmd.Process.Kill()
			t.Fatalf("first line %q: %v", first, err)
		}
		resp, body := tokenRequest(t, strings.TrimSpace(first), mockgoto.DemoClientID, mockgoto.DemoClientSecret,
			url.Values{"grant_type": {"personal_access_token"}, "pat": {mockgoto.DemoPAT}})
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("PAT exchange: %d %v", resp.StatusCode, body)
		}
		_ = cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { _, _ = io.Copy(io.Discard, stdout); done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%v: exit %v", sig, err)
			}
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("%v: did not exit", sig)
		}
	}
}

// The environment sets flags and the config, for containers that take no
// arguments; arguments still win.
func TestRunEnvironment(t *testing.T) {
	t.Setenv("GOTO_MOCK_CONFIG_JSON", `{"clients":[{"id":"ci","secret":"ci-secret","pat_grant":true}],
		"pats":[{"token":"ci-pat","principal":"ci@example.com"}],
		"faults":[{"status":503,"body":"{\"error\":\"temporarily_unavailable\"}"}]}`)
	t.Setenv("GOTO_MOCK_LISTEN", "127.0.0.2:0")
	t.Setenv("GOTO_MOCK_RATE_LIMIT", "100")
	lines, _, stop := serve(t, "-listen", "127.0.0.1:0")
	base := nextLine(t, lines)
	if !baseURLPattern.MatchString(base) {
		t.Fatalf("first line %q: -listen did not win over GOTO_MOCK_LISTEN", base)
	}
	wantEndpoints(t, lines, base)
	form := url.Values{"grant_type": {"personal_access_token"}, "pat": {"ci-pat"}}
	if resp, body := tokenRequest(t, base, "ci", "ci-secret", form); resp.StatusCode != http.StatusServiceUnavailable || body["error"] != "temporarily_unavailable" {
		t.Fatalf("the configured fault did not come first: %d %v", resp.StatusCode, body)
	}
	if resp, body := tokenRequest(t, base, "ci", "ci-secret", form); resp.StatusCode != http.StatusOK || body["principal"] != "ci@example.com" {
		t.Fatalf("PAT exchange: %d %v", resp.StatusCode, body)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for l := range lines {
		t.Errorf("unexpected output %q", l)
	}

	for env, want := range map[string][2]string{
		"GOTO_MOCK_CONFIG_JSON": {`{"clients":[{"id":"a","scret":"x"}]}`, `GOTO_MOCK_CONFIG_JSON: config: client: unknown field "scret"`},
		"GOTO_MOCK_TLS":         {"maybe", "GOTO_MOCK_TLS: parse error"},
	} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, want[0])
			var out, errOut bytes.Buffer
			err := run(context.Background(), nil, &out, &errOut)
			if err == nil || !strings.Contains(err.Error(), want[1]) {
				t.Fatalf("got %v, want %q", err, want[1])
			}
		})
	}
	t.Setenv("GOTO_MOCK_CONFIG_JSON", "{}")
	if err := run(context.Background(), []string{"-config", "mock.json"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "give one") {
		t.Fatalf("-config with GOTO_MOCK_CONFIG_JSON: %v", err)
	}
}

// -help names every config key (so does the guide: see TestGuideDocumentsEveryKey)
// and points to the guide.
func TestHelpListsEveryKey(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-help"}, io.Discard, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatal(err)
	}
	help := out.String()
	for _, key := range configKeyNames(reflect.TypeFor[mockgoto.Config]()) {
		if !regexp.MustCompile(`\b` + key + `\b`).MatchString(help) {
			t.Errorf("-help does not list config key %q", key)
		}
	}
	for _, want := range []string{guideURL, "GOTO_MOCK_CONFIG_JSON", "-tls-ca-out (GOTO_MOCK_TLS_CA_OUT)"} {
		if !strings.Contains(help, want) {
			t.Errorf("-help does not mention %q", want)
		}
	}
}

// TestGuideDocumentsEveryKey checks the guide's template has a table row for
// every config key and a complete example that sets each of them.
func TestGuideDocumentsEveryKey(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "mock-server.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range configKeyNames(reflect.TypeFor[mockgoto.Config]()) {
		if !strings.Contains(string(guide), "| `"+key+"` |") {
			t.Errorf("the guide has no table row for config key %q", key)
		}
	}

	// Its complete example is a valid config that sets every key.
	_, example, _ := strings.Cut(string(guide), "### A complete example\n\n```json\n")
	example, _, _ = strings.Cut(example, "```")
	var cfg mockgoto.Config
	if err := json.Unmarshal([]byte(example), &cfg); err != nil {
		t.Fatalf("the guide's complete example: %v", err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("the guide's complete example: %v", err)
	}
	for _, key := range configKeyNames(reflect.TypeFor[mockgoto.Config]()) {
		if !strings.Contains(example, `"`+key+`"`) {
			t.Errorf("the guide's complete example does not set %q", key)
		}
	}
}

// configKeyNames lists the JSON keys of a config struct and of the structs
// its fields hold, as the config file spells them.
func configKeyNames(t reflect.Type) []string {
	if t == reflect.TypeFor[mockgoto.Fault]() {
		// Fault has its own JSON shape: read the keys off a full one.
		b, _ := json.Marshal(mockgoto.Fault{Count: 1, Status: 500, Body: "b", ContentType: "c", Header: map[string]string{"h": "v"}, Delay: 1})
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		return slices.Sorted(maps.Keys(m))
	}
	var keys []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		keys = append(keys, name)
		ft := f.Type
		for ft.Kind() == reflect.Slice || ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && ft.PkgPath() == t.PkgPath() {
			keys = append(keys, configKeyNames(ft)...)
		}
	}
	return keys
}

// A config file with GoTo's sample secret, and curl building the Basic
// header from the raw pair exactly as GoTo's guides show.
func TestRunGoToShapedSecretWithCurl(t *testing.T) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("curl is missing; `make deps` installs it")
		}
		t.Skip("curl is not installed (`make deps` installs it)")
	}
	const id, secret = "a2094c4f-fake-4339-934f-4da2d788d0aa", "3naO10IA2agcvG+9I9TGEQ=="
	cfgPath := filepath.Join(t.TempDir(), "mock.json")
	cfg := `{"clients": [{"id": "` + id + `", "secret": "` + secret + `", "pat_grant": true}],
	         "pats": [{"token": "sample-pat", "principal": "ci@example.com"}]}`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	lines, _, _ := serve(t, "-config", cfgPath)
	base := nextLine(t, lines)
	exchange := func(pair string) (int, map[string]any) {
		t.Helper()
		out, err := exec.Command(curl, "-sS", "-u", pair, "-d", "grant_type=personal_access_token", "-d", "pat=sample-pat",
			"-w", "\n%{http_code}", base+"/oauth/token").Output()
		if err != nil {
			t.Fatalf("curl: %v", err)
		}
		i := strings.LastIndexByte(string(out), '\n')
		code, err := strconv.Atoi(string(out[i+1:]))
		if err != nil {
			t.Fatalf("curl printed no status: %v", err)
		}
		var m map[string]any
		_ = json.Unmarshal(out[:i], &m)
		return code, m
	}
	if status, body := exchange(id + ":" + secret); status != http.StatusOK || body["access_token"] == nil {
		t.Fatalf("the raw pair: HTTP %d %v", status, body["error"])
	}
	if status, body := exchange(id + ":" + url.QueryEscape(secret)); status != http.StatusOK {
		t.Fatalf("the RFC 6749 form-encoded pair: HTTP %d %v", status, body["error"])
	}
	if status, body := exchange(id + ":3naO10IA2agcvG 9I9TGEQ=="); status != http.StatusUnauthorized || body["error"] != "invalid_client" {
		t.Fatalf("a wrong secret: HTTP %d %v", status, body["error"])
	}
}
