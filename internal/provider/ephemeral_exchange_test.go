package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// The ephemeral twins keep every token they handle out of plans and state.
// These tests run the three exchanges together, feed their results to a
// precondition (a consumer that stores nothing), and search plans and state
// for every token the mock issued and every secret the exchanges were given.

// allEphemeralExchanges configures the three ephemeral exchanges and a
// resource whose precondition uses each token. Direct login goes to a mock
// of its own, because GoTo revokes a client's other tokens, the refresh
// token included, on every direct login.
func allEphemeralExchanges(tokenBaseURL, loginBaseURL string) string {
	settings := mockSettings(tokenBaseURL)
	settings["direct_login_url"] = fmt.Sprintf("%q", loginBaseURL+"/oauth/access_token")
	return gotoProviderBlock(settings) + `
ephemeral "goto_pat_exchange" "test" {}

ephemeral "goto_refresh_token_exchange" "test" {}

ephemeral "goto_direct_login" "test" {
  user_id = "` + mockgoto.DemoUserID + `"
}

resource "terraform_data" "consumer" {
  input = "uses three GoTo tokens"

  lifecycle {
    precondition {
      condition = alltrue([for header in [
        ephemeral.goto_pat_exchange.test.authorization_header,
        ephemeral.goto_refresh_token_exchange.test.authorization_header,
        ephemeral.goto_direct_login.test.authorization_header,
      ] : startswith(header, "Bearer ")])
      error_message = "An exchange returned no token."
    }
  }
}
`
}

// exchangeSecrets feeds the exchanges their secrets through the environment
// and returns a function naming them and every token the mock has issued.
func exchangeSecrets(t *testing.T, log *tokenLog) func() map[string]string {
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	t.Setenv("GOTO_REFRESH_TOKEN", mockgoto.DemoRefreshToken)
	t.Setenv("GOTO_PASSWORD", mockgoto.DemoPassword)
	return func() map[string]string {
		secrets := log.secrets()
		secrets["client secret"] = mockgoto.DemoClientSecret
		secrets["PAT"] = mockgoto.DemoPAT
		secrets["refresh token given"] = mockgoto.DemoRefreshToken
		secrets["password"] = mockgoto.DemoPassword
		return secrets
	}
}

// expectIssued checks that the mock has issued a token for every grant, so
// a search for the issued tokens is not a search for nothing.
func expectIssued(log *tokenLog, grants ...string) checkNow {
	return func() error {
		for _, g := range grants {
			if len(log.tokens(g)) == 0 {
				return fmt.Errorf("the mock has issued no token for %s yet", g)
			}
		}
		return nil
	}
}

var allGrants = []string{mockgoto.GrantPAT, mockgoto.GrantRefreshToken, mockgoto.GrantDirectLogin}

func TestAccEphemeralExchanges_noTokenInPlanOrState(t *testing.T) {
	requireCLI(t)
	log := &tokenLog{}
	_, tokenBaseURL := serveMock(t, log)
	_, loginBaseURL := serveMock(t, log)
	secrets := exchangeSecrets(t, log)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: allEphemeralExchanges(tokenBaseURL, loginBaseURL),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{expectIssued(log, allGrants...), noSecretsInPlan(secrets)},
				PostApplyPostRefresh: []plancheck.PlanCheck{noSecretsInPlan(secrets)},
			},
			ConfigStateChecks: []statecheck.StateCheck{expectIssued(log, allGrants...), noSecretsInState(secrets)},
		}},
	})
}

// The same through the CLI itself, searching the files it writes: the state
// file and every file inside the saved plan, and what it prints.
func TestAccEphemeralExchanges_noTokenInPlanOrStateFiles(t *testing.T) {
	requireCLI(t)
	log := &tokenLog{}
	_, tokenBaseURL := serveMock(t, log)
	_, loginBaseURL := serveMock(t, log)
	secrets := exchangeSecrets(t, log)
	cli := newTerraformCLI(t, allEphemeralExchanges(tokenBaseURL, loginBaseURL))
	var printed string
	for _, args := range [][]string{{"plan", "-out=tfplan"}, {"apply", "tfplan"}} {
		out, err := cli.run(args...)
		if err != nil {
			t.Fatal(err)
		}
		printed += out
	}
	if err := expectIssued(log, allGrants...)(); err != nil {
		t.Fatal(err)
	}
	files := planFileEntries(t, cli.file("tfplan"))
	files["terraform.tfstate"] = cli.file("terraform.tfstate")
	files["CLI output"] = []byte(printed)
	for name, content := range files {
		if err := secretsAbsent(name, content, secrets); err != nil {
			t.Error(err)
		}
	}
}
