package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
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
		Attributes:          ephemeralAttributes(commonAttributes, e.spec.attributes),
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
	if e.clients != nil && e.clients.pending() {
		e.openUnknown(ctx, resp, &m)
		return
	}
	resp.Diagnostics.Append(e.spec.perform(ctx, "ephemeral", e.clients, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}

// openUnknown answers an Open made while the provider configuration depends
// on values known only after apply, which happens only during a plan:
// every result is unknown, as for an ephemeral resource whose own arguments
// are not known yet, and Terraform opens the resource again during apply.
// OpenTofu (1.12) rejects such a result but, unlike Terraform, postpones
// opening an ephemeral resource whose depends_on has pending changes; the
// warning says so.
func (e *exchangeEphemeral[M]) openUnknown(ctx context.Context, resp *ephemeral.OpenResponse, m *M) {
	resp.Diagnostics.AddWarning("Token Exchange Waits for Apply",
		"The goto provider's "+e.clients.pendingSettings()+" depends on a value that is known only after apply, so this "+
			"exchange happens during apply, and its results are unknown in the plan. OpenTofu does not accept results that are "+
			"not known yet: there, give this ephemeral resource a depends_on naming the resources the provider configuration "+
			"comes from, so it is opened during apply only.")
	resp.Diagnostics.Append(resp.Result.Set(ctx, m)...)
	for _, set := range []map[string]attribute{commonAttributes, e.spec.attributes} {
		for name, a := range set {
			if a.role == output {
				v, diags := a.unknown(ctx)
				resp.Diagnostics.Append(diags...)
				resp.Diagnostics.Append(resp.Result.SetAttribute(ctx, path.Root(name), v)...)
			}
		}
	}
}
