package provider

import "testing"

func TestAccDataSourceIdentity_tokenArgument(t *testing.T) {
	testIdentityTokenArgument(t, dataSourceTwin)
}

func TestAccDataSourceIdentity_providerToken(t *testing.T) {
	testIdentityProviderToken(t, dataSourceTwin)
}

func TestAccDataSourceIdentity_refusedToken(t *testing.T) {
	testIdentityRefusedToken(t, dataSourceTwin)
}
