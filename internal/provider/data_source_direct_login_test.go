package provider

import (
	"testing"
)

// The scenarios are in ephemeral_direct_login_test.go, shared by both twins.

func TestAccDataSourceDirectLogin(t *testing.T) { testDirectLogin(t, dataSourceTwin) }

func TestAccDataSourceDirectLogin_identicalShareOneRequest(t *testing.T) {
	testIdenticalShareOneRequest(t, dataSourceTwin, directLoginInput)
}

func TestAccDataSourceDirectLogin_failures(t *testing.T) { testDirectLoginFailures(t, dataSourceTwin) }
