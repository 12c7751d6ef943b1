package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

// exchangeEphemeral serves an exchange as an ephemeral resource: the token
// reaches provider blocks, write-only attributes and other ephemeral
// resources without ever entering state or plan files.
//
// It has no Renew: Terraform cannot hand a renewed token to the values that
// already used the old one, so a renewal would only pretend to help.
type exchangeEphemeral[M any] struct {
	spec    *exchangeSpec[M]
	clients *clientSource
}

func newExchangeEphemeral[M any](spec *exchangeSpec[M]) ephemeral.EphemeralResource {
	return &exchangeEphemeral[M]{spec: spec}
}

var _ ephemeral.EphemeralResourceWithConfigure = (*exchangeEphemeral[patModel])(nil)

func (e *exchangeEphemeral[M]) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + e.spec.name
}

func (e *exchangeEphemeral[M]) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: e.spec.description,
		Attributes:          ephemeralAttributes(tokenAttributes, e.spec.attributes),
	}
}

func (e *exchangeEphemeral[M]) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.clients = clientSourceFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *exchangeEphemeral[M]) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(e.spec.perform(ctx, e.clients, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
