package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

// durationValidator accepts a Go duration string such as "5m"; positive
// refuses zero as well as negative durations.
type durationValidator struct{ positive bool }

var _ validator.String = durationValidator{}

func (v durationValidator) Description(context.Context) string {
	if v.positive {
		return `value must be a positive duration such as "30s", "5m" or "1h"`
	}
	return `value must be a duration such as "30s", "5m" or "1h"`
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if d, err := time.ParseDuration(req.ConfigValue.ValueString()); err != nil || d < 0 || (v.positive && d == 0) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Duration",
			fmt.Sprintf("%s: %q does not fit; %s.", req.Path, req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}

// endpointValidator accepts https URLs, and plain http for loopback hosts.
type endpointValidator struct{}

var _ validator.String = endpointValidator{}

func (endpointValidator) Description(context.Context) string {
	return "value must be an https URL (plain http only for loopback hosts)"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := gotoauth.CheckEndpoint(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Endpoint URL", fmt.Sprintf("%s: %s.", req.Path, err))
	}
}
