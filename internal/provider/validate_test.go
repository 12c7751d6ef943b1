package provider

import (
	"strings"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// `terraform validate` catches every out-of-range setting and duration:
// the schema checks them, so no plan and no configured provider is needed.
// The provider and the mock take the same duration syntax, Go's, which has
// no day unit.
func TestAccValidate_settingsAndDurations(t *testing.T) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	for _, tc := range []struct {
		name     string
		setting  string // a provider setting, NAME=VALUE, or ""
		exchange []string
		patterns []string
	}{{
		name:     "max_retries above 20",
		setting:  "max_retries=21",
		patterns: []string{`Error: Invalid Attribute Value`, `max_retries = 21`, `Attribute max_retries value must be between 0 and 20, got: 21`},
	}, {
		name:     "max_retries negative",
		setting:  "max_retries=-1",
		patterns: []string{`Error: Invalid Attribute Value`, `value must be between 0 and 20, got: -1`},
	}, {
		name:     "request_timeout in days",
		setting:  `request_timeout="1d"`,
		patterns: []string{`Error: Invalid Time Duration String Value`, `request_timeout = "1d"`, `Valid time units are "ns", "us" \(or "µs"\), "ms", "s", "m", "h"`},
	}, {
		name:     "request_timeout negative",
		setting:  `request_timeout="-5s"`,
		patterns: []string{`Error: Negative Duration`, `request_timeout is "-5s": negative durations are refused`},
	}, {
		name:     "min_validity negative",
		exchange: []string{`min_validity = "-1m"`},
		patterns: []string{`Error: Negative Duration`, `min_validity = "-1m"`, `min_validity is "-1m": negative durations are refused. Give zero or a positive duration`},
	}, {
		name:     "min_validity in days",
		exchange: []string{`min_validity = "1d"`},
		patterns: []string{`Error: Invalid Time Duration String Value`, `min_validity = "1d"`, `time: unknown unit "d"`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			settings := mockSettings(baseURL)
			if name, value, ok := strings.Cut(tc.setting, "="); ok {
				settings[name] = value
			}
			config := gotoProviderBlock(settings) + hclBlock("data", patType, "test", tc.exchange...)
			out, err := newTerraformCLI(t, config).run("validate")
			if err == nil {
				t.Fatalf("validate passed; it said:\n%s", out)
			}
			for _, p := range tc.patterns {
				if !wrapped(p).MatchString(out) {
					t.Errorf("validate did not say %q; it said:\n%s", p, out)
				}
			}
		})
	}
	// The same durations are valid for both.
	valid := mockSettings(baseURL)
	valid["request_timeout"], valid["max_retries"] = `"1m30s"`, "20"
	config := gotoProviderBlock(valid) + hclBlock("data", patType, "test", `min_validity = "720h"`)
	if out, err := newTerraformCLI(t, config).run("validate"); err != nil {
		t.Fatalf("a valid configuration: %v", err)
	} else if !wrapped(`Success! The configuration is valid.`).MatchString(out) {
		t.Errorf("validate said:\n%s", out)
	}
	if n := mock.Count(mockgoto.CounterTotal); n != 0 {
		t.Errorf("validate made %d token requests", n)
	}
}
