package e2e

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// exampleRedirectURI is the redirect URI the examples sign in with; the
// authorization code handed to them is bound to it.
const exampleRedirectURI = "https://localhost:8080/callback"

// TestE2EExamples checks the formatting of every configuration under
// examples/ and runs plan and apply on it against the mock server's demo
// tenant, with the credentials a user would export. Snippets written for the
// docs name no provider source; they get a required_providers block, as a
// user's module has.
func TestE2EExamples(t *testing.T) {
	cli := requireCLI(t)
	bins := build(t)
	dirs := exampleDirs(t)
	if len(dirs) == 0 {
		t.Fatal("no examples found under ../examples")
	}
	for _, dir := range dirs {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			if writeOnlyArgument.MatchString(readTF(t, filepath.Join("..", "examples", dir))) {
				skipBelowWriteOnly(t, cli)
			}
			mock := startMock(t, bins.mock, nil)
			demo := mock.Demo
			inputs := exampleInputs(t, mock.URL, demo)
			vars := map[string]string{
				"GOTO_CLIENT_ID":        demo["client_id"],
				"GOTO_CLIENT_SECRET":    demo["client_secret"],
				"GOTO_TOKEN_URL":        demo["token_url"],
				"GOTO_DIRECT_LOGIN_URL": demo["direct_login_url"],
				"GOTO_PAT":              demo["pat"],
				"GOTO_REFRESH_TOKEN":    demo["refresh_token"],
				"GOTO_PASSWORD":         demo["password"],
				"GOTO_API_URL":          mock.URL,
				"GOTO_REVOKE_URL":       mock.URL + "/oauth/revoke",
			}
			for name, value := range inputs {
				vars["TF_VAR_"+name] = value
			}
			// A variable without a default and without a value in
			// exampleInputs fails the plan with "No value for required variable".
			ws := newExampleWorkspace(t, cli, dir, bins, vars)
			ws.run("fmt", "-check", "-no-color")
			out := ws.run("plan", "-no-color")
			out += ws.run("apply", "-no-color", "-auto-approve")
			out += ws.run("output", "-no-color")
			t.Logf("token requests: %v", mockStats(t, mock).Requests)
			secrets := []secret{{"access token", inputs["goto_token"]}}
			for _, k := range []string{"client_secret", "pat", "refresh_token", "password"} {
				secrets = append(secrets, secret{k, demo[k]})
			}
			scan(t, "the CLI output", []byte(out), secrets)
		})
	}
}

// exampleDirs lists the directories under examples/ that hold .tf files,
// except the module of examples/testing, which TestE2EModuleTests runs
// through `terraform test`.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	root := filepath.Join("..", "examples")
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path == testingExample {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".tf") {
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			seen[rel] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dirs := make([]string, 0, len(seen))
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs
}

// exampleInputs are the values of the variables the examples declare, as
// TF_VAR_* values: real ones from the mock, so every example does its work.
func exampleInputs(t *testing.T, baseURL string, demo map[string]string) map[string]string {
	t.Helper()
	return map[string]string{
		"goto_api_url": baseURL,
		"goto_code":    authorizationCode(t, demo["authorize_url"], demo["client_id"]),
		"goto_token":   accessToken(t, demo),
		"goto_user_id": demo["user_id"],
	}
}

// authorizationCode signs in at the mock's authorize endpoint, which
// consents at once, and returns the code from the redirect.
func authorizationCode(t *testing.T, authorizeURL, clientID string) string {
	t.Helper()
	q := url.Values{"client_id": {clientID}, "response_type": {"code"}, "redirect_uri": {exampleRedirectURI}}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authorizeURL + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("the authorize endpoint answered %s without a code", resp.Status)
	}
	return loc.Query().Get("code")
}

// accessToken exchanges the demo PAT at the mock's token endpoint.
func accessToken(t *testing.T, demo map[string]string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, demo["token_url"],
		strings.NewReader(url.Values{"grant_type": {"personal_access_token"}, "pat": {demo["pat"]}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(demo["client_id"], demo["client_secret"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.AccessToken == "" {
		t.Fatalf("the token endpoint answered %s without an access token", resp.Status)
	}
	return body.AccessToken
}

// newExampleWorkspace copies one example and, when it names no provider
// source (docs snippets do not), declares goto-community/goto for it.
func newExampleWorkspace(t *testing.T, cli, dir string, bins binaries, vars map[string]string) *workspace {
	t.Helper()
	ws := newWorkspace(t, cli, filepath.Join("..", "examples", dir), bins, vars)
	if !strings.Contains(readTF(t, ws.dir), "required_providers") {
		providers := "terraform {\n  required_providers {\n    goto = {\n      source = \"goto-community/goto\"\n    }\n  }\n}\n"
		if err := os.WriteFile(filepath.Join(ws.dir, "providers_e2e.tf"), []byte(providers), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return ws
}

// readTF returns the .tf files of dir, concatenated.
func readTF(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(src)
		b.WriteString("\n")
	}
	return b.String()
}
