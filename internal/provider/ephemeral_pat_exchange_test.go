package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

var jwtShaped = regexp.MustCompile(`^[\w-]+\.[\w-]+\.[\w-]+$`)

func TestAccEphemeralPATExchange(t *testing.T) {
	requireCLI(t)
	mock, url := startMock(t)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, url) + `
ephemeral "goto_pat_exchange" "test" {}

provider "echo" {
  data = ephemeral.goto_pat_exchange.test
}

resource "echo" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("access_token"), knownvalue.StringRegexp(jwtShaped)),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("token_type"), knownvalue.StringExact("Bearer")),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("authorization_header"), knownvalue.StringRegexp(regexp.MustCompile(`^Bearer [\w-]+\.[\w-]+\.[\w-]+$`))),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("expires_in"), knownvalue.Int64Exact(3600)),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("principal"), knownvalue.StringExact(mockgoto.DemoUserID)),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("scopes"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("identity:scim.me"), knownvalue.StringExact("collab:"),
				})),
			},
		}},
	})
	t.Logf("requests: %v", mock.Counts())
}
