package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

func TestAccDataSourceIdentity_tokenArgument(t *testing.T) {
	testIdentityTokenArgument(t, dataSourceTwin)
}

func TestAccDataSourceIdentity_providerToken(t *testing.T) {
	testIdentityProviderToken(t, dataSourceTwin)
}

func TestAccDataSourceIdentity_refusedToken(t *testing.T) {
	testIdentityRefusedToken(t, dataSourceTwin)
}

// With no token anywhere, the lookup fails before any request, saying
// where a token can come from.
func TestAccDataSourceIdentity_missingToken(t *testing.T) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	expectFailure(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, baseURL) + dataSourceTwin.config(identityType),
		}},
	}, nil, `Missing Access Token`, `set access_token in a goto provider alias`, `provider = goto.<alias>`,
		`an ephemeral value is refused there`, `GOTO_ACCESS_TOKEN`)
	if n := mock.Count(mockgoto.CounterTotal) + mock.Count(mockgoto.CounterMe); n != 0 {
		t.Errorf("the mock saw %d requests", n)
	}
}
