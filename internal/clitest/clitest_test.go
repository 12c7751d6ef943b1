package clitest

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

func TestWriteCLIConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cli.tfrc")
	if err := WriteCLIConfig(path, map[string]string{"hashicorp/http": "/b", "goto-community/goto": "/a"}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `provider_installation {
  dev_overrides {
    "goto-community/goto" = "/a"
    "hashicorp/http" = "/b"
  }
  direct {}
}
`
	if string(b) != want {
		t.Errorf("config:\n%s\nwant:\n%s", b, want)
	}
}

func TestEnvDropsTheCallersSettings(t *testing.T) {
	t.Setenv("GOTO_PAT", "callers-pat")
	t.Setenv("TF_VAR_base_url", "https://example.com")
	t.Setenv("TF_CLI_CONFIG_FILE", "/elsewhere")
	t.Setenv("TF_LOG", "DEBUG")
	env := Env("/rc", map[string]string{"GOTO_CLIENT_ID": "id"})
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOTO_PAT=") || strings.HasPrefix(kv, "TF_VAR_") || kv == "TF_CLI_CONFIG_FILE=/elsewhere" {
			t.Errorf("Env kept %s", strings.SplitN(kv, "=", 2)[0])
		}
	}
	for _, want := range []string{"TF_CLI_CONFIG_FILE=/rc", "TF_LOG=DEBUG", "GOTO_CLIENT_ID=id", "TF_IN_AUTOMATION=1"} {
		if !slices.Contains(env, want) {
			t.Errorf("Env lacks %s", want)
		}
	}
}

func TestStartMock(t *testing.T) {
	if testing.Short() {
		t.Skip("builds goto-mock-server")
	}
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	bin := filepath.Join(t.TempDir(), "goto-mock-server")
	if err := GoBuild(ctx, root, bin, "./cmd/goto-mock-server"); err != nil {
		t.Fatal(err)
	}

	demo, err := StartMock(ctx, bin, nil)
	if err != nil {
		t.Fatal(err)
	}
	demo.Stop()
	if demo.Demo["client_id"] != mockgoto.DemoClientID {
		t.Errorf("demo client_id %q, want %q", demo.Demo["client_id"], mockgoto.DemoClientID)
	}

	cfg := mockgoto.Config{
		Clients:   []mockgoto.Client{{ID: "c", Secret: "clitest-secret-8e1f", PATGrant: true}},
		PATs:      []mockgoto.PAT{{Token: "clitest-pat-2b7d9a", Principal: "p@example.com"}},
		RateLimit: -1,
	}
	m, err := StartMock(ctx, bin, &cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Stop)
	post := func() {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, m.URL+"/oauth/token",
			strings.NewReader(url.Values{"grant_type": {mockgoto.GrantPAT}, "pat": {"clitest-pat-2b7d9a"}}.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth("c", "clitest-secret-8e1f")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("token endpoint answered %s", resp.Status)
		}
	}
	post()
	post()
	s, err := m.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Total != 2 || s.Requests[mockgoto.GrantPAT] != 2 {
		t.Errorf("stats after two PAT requests: total %d, PAT %d", s.Total, s.Requests[mockgoto.GrantPAT])
	}
	issued, err := m.Issued(ctx)
	if err != nil {
		t.Fatal(err)
	}
	access := 0
	for _, it := range issued {
		if it.Type == "access" && it.Principal == "p@example.com" && it.Token != "" {
			access++
		}
	}
	if access != 2 {
		t.Errorf("issued after two PAT requests: %d access tokens for p@example.com, want 2", access)
	}
	if err := m.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if s, err = m.Stats(ctx); err != nil || s.Total != 0 {
		t.Errorf("stats after reset: total %d, %v", s.Total, err)
	}
}
