package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

// durationSign refuses negative durations, and zero as well when positive
// is set. The syntax is checked by the attribute's type, timetypes.GoDuration;
// no library validator compares durations.
type durationSign struct{ positive bool }

var _ validator.String = durationSign{}

func (v durationSign) Description(context.Context) string {
	if v.positive {
		return "value must be a duration greater than zero"
	}
	return "value must be a duration of zero or more"
}

func (v durationSign) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationSign) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	switch {
	case err != nil:
		// The type reports a malformed duration.
	case d < 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Negative Duration",
			fmt.Sprintf("%s is %q: negative durations are refused. Give %s, such as \"30s\" or \"5m\".", req.Path, req.ConfigValue.ValueString(), v.wanted()))
	case d == 0 && v.positive:
		resp.Diagnostics.AddAttributeError(req.Path, "Zero Duration",
			fmt.Sprintf("%s is %q: it must be greater than zero. Give a duration such as \"30s\" or \"2m\".", req.Path, req.ConfigValue.ValueString()))
	}
}

func (v durationSign) wanted() string {
	if v.positive {
		return "a duration greater than zero"
	}
	return "zero or a positive duration"
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
