package provider

import (
	"testing"
)

// The scenarios are in ephemeral_refresh_token_exchange_test.go, shared by
// both twins.

func TestAccDataSourceRefreshTokenExchange(t *testing.T) { testRefreshTokenExchange(t, dataSourceTwin) }

func TestAccDataSourceRefreshTokenExchange_rotated(t *testing.T) {
	testRefreshTokenExchangeRotated(t, dataSourceTwin)
}

func TestAccDataSourceRefreshTokenExchange_rotatedConfigured(t *testing.T) {
	testRefreshTokenExchangeRotatedConfigured(t, dataSourceTwin)
}

func TestAccDataSourceRefreshTokenExchange_rotationWarning(t *testing.T) {
	testRefreshTokenRotationWarning(t, dataSourceTwin)
}

func TestAccDataSourceRefreshTokenExchange_withoutAccountKeys(t *testing.T) {
	testRefreshTokenExchangeWithoutAccountKeys(t, dataSourceTwin)
}

func TestAccDataSourceRefreshTokenExchange_identicalShareOneRequest(t *testing.T) {
	testIdenticalShareOneRequest(t, dataSourceTwin, refreshInput)
}

func TestAccDataSourceRefreshTokenExchange_failures(t *testing.T) {
	testRefreshTokenExchangeFailures(t, dataSourceTwin)
}
