package provider

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// revokeOnCloseConfig: two identical ephemeral PAT exchanges that revoke on
// close, an identity lookup with their token, and a data source with the
// same PAT that does not revoke. The echo resource keeps the account key.
func revokeOnCloseConfig(provider string) string {
	return provider + `
ephemeral "goto_pat_exchange" "test" {
  count           = 2
  revoke_on_close = true
}

ephemeral "goto_identity" "test" {
  access_token = ephemeral.goto_pat_exchange.test[1].access_token
}

data "goto_pat_exchange" "plain" {}
` + echoConfig("ephemeral.goto_identity.test.account_key")
}

// Each command's token is revoked once, after both instances sharing it
// closed: the plan's token fails at /me afterwards, while the apply opened
// its own and used it. The data source's token, though its exchange is
// identical, is never shared with them and stays valid.
func TestAccEphemeralExchange_revokeOnClose(t *testing.T) {
	requireCLI(t)
	mock, baseURL, log := startRecordingMock(t)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	revoked := func(opens int, after string) checkNow {
		return func() error {
			forms := mock.Forms(mockgoto.Revocations)
			if len(forms) != opens {
				return fmt.Errorf("after %s the mock had seen %d revocations, want one per open: %d", after, len(forms), opens)
			}
			var tokens []string
			for _, f := range forms {
				if f.Get("token_type_hint") != "access_token" {
					return fmt.Errorf("a revocation had token_type_hint %q", f.Get("token_type_hint"))
				}
				tokens = append(tokens, f.Get("token"))
			}
			slices.Sort(tokens)
			if len(slices.Compact(tokens)) != opens {
				return fmt.Errorf("after %s a token was revoked more than once", after)
			}
			for _, tok := range tokens {
				if _, ok := log.byAccessToken(tok); !ok {
					return fmt.Errorf("after %s a token the mock never issued was revoked", after)
				}
				if code := meStatusCode(t, baseURL, tok); code != http.StatusUnauthorized {
					return fmt.Errorf("after %s a revoked token got %d at /me", after, code)
				}
			}
			return nil
		}
	}
	plainStillValid := checkState(func(s *tfjson.State) error {
		tok, err := resourceResult("data.goto_pat_exchange.plain").string(s, "access_token")
		if err != nil {
			return err
		}
		for _, f := range mock.Forms(mockgoto.Revocations) {
			if f.Get("token") == tok {
				return fmt.Errorf("the data source's token was revoked")
			}
		}
		if code := meStatusCode(t, baseURL, tok); code != http.StatusOK {
			return fmt.Errorf("the data source's token got %d at /me", code)
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: revokeOnCloseConfig(providerConfig(t, baseURL)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data"), knownvalue.StringExact(mockgoto.DemoAccountKey)),
				revoked(ephemeralTwin.reads.apply, "the apply"),
				plainStillValid,
			},
		}},
	})
	expectNow(t, revoked(len(log.tokens(mockgoto.GrantPAT))-dataSourceTwin.reads.planRefresh, "the test"))
}

// A revocation that fails is a warning, and the run succeeds.
func TestAccEphemeralExchange_revokeOnCloseFailureWarns(t *testing.T) {
	requireCLI(t)
	_, baseURL, log := startRecordingMock(t)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	settings := mockSettings(baseURL)
	settings["revoke_url"] = fmt.Sprintf("%q", baseURL+"/nowhere")
	cli := newTerraformCLI(t, gotoProviderBlock(settings)+`
ephemeral "goto_pat_exchange" "test" {
  revoke_on_close = true
}

resource "terraform_data" "consumer" {
  input = "uses a GoTo token"

  lifecycle {
    precondition {
      condition     = startswith(ephemeral.goto_pat_exchange.test.authorization_header, "Bearer ")
      error_message = "The exchange returned no token."
    }
  }
}
`)
	out, err := cli.run("apply", "-auto-approve")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Warning: Token Not Revoked", "HTTP 404", "Check revoke_url", "stays valid until it expires", "Apply complete!"} {
		if !wrapped(want).MatchString(out) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if err := secretsAbsent("the CLI output", out, log.secrets); err != nil {
		t.Error(err)
	}
	// Terraform folds the second identical warning into a note.
	if n := len(log.tokens(mockgoto.GrantPAT)); n != 2 || !strings.Contains(out, "(and one more similar warning elsewhere)") {
		t.Errorf("%d exchanges; want two, and a warning for each of the plan's and the apply's tokens:\n%s", n, out)
	}
}
