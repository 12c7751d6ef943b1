package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

// identityEphemeral is goto_identity as an ephemeral resource, for
// configurations that keep everything about the token out of state.
type identityEphemeral struct {
	clients *clientSource
}

func newIdentityEphemeral() ephemeral.EphemeralResource {
	return &identityEphemeral{}
}

var _ ephemeral.EphemeralResourceWithConfigure = (*identityEphemeral)(nil)

func (e *identityEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_identity"
}

func (e *identityEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: identityDescription,
		Attributes:          ephemeralAttributes(identityAttributes),
	}
}

func (e *identityEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.clients = clientSourceFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *identityEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m identityModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// As for the exchanges: a token known only after apply leaves the
	// results unknown in the plan, and Terraform opens this again then.
	if identityPending(e.clients, &m) {
		m.unknown()
		resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
		return
	}
	resp.Diagnostics.Append(readIdentity(ctx, e.clients, &m, missingTokenEphemeral)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
