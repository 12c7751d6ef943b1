package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"

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
	if os.Getenv("TF_ACC_TERRAFORM_PATH") != "" {
		return
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Skip("no terraform CLI on the PATH and TF_ACC_TERRAFORM_PATH is unset")
	}
}

// startMock serves a mock GoTo with the demo seeds and returns it with its URL.
func startMock(t *testing.T, change ...func(*mockgoto.Config)) (*mockgoto.Server, string) {
	t.Helper()
	cfg := mockgoto.DemoConfig()
	for _, c := range change {
		c(&cfg)
	}
	mock := mockgoto.New(cfg)
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	return mock, srv.URL
}

// factories serve this provider and the echo provider in process. Each call
// builds a fresh provider, as each terraform command starts a new plugin.
func factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"goto": func() (tfprotov6.ProviderServer, error) { return providerserver.NewProtocol6WithError(New("test")())() },
		"echo": echoprovider.NewProviderServer(),
	}
}

// providerConfig points the provider at a mock with the demo client; the
// secret comes from the environment, as users are told to do.
func providerConfig(t *testing.T, baseURL string) string {
	t.Helper()
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	return fmt.Sprintf(`
provider "goto" {
  client_id        = %q
  token_url        = "%s/oauth/token"
  direct_login_url = "%s/oauth/access_token"
}
`, mockgoto.DemoClientID, baseURL, baseURL)
}
