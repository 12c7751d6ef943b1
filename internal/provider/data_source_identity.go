package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// identityDataSource is goto_identity as a data source: the keys become
// ordinary values that any provider can use.
type identityDataSource struct {
	clients *clientSource
}

func newIdentityDataSource() datasource.DataSource {
	return &identityDataSource{}
}

var _ datasource.DataSourceWithConfigure = (*identityDataSource)(nil)

func (d *identityDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_identity"
}

func (d *identityDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: identityDescription,
		Attributes:          dataSourceAttributes(identityAttributes),
	}
}

func (d *identityDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = clientSourceFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *identityDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m identityModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if identityPending(d.clients, &m) {
		resp.Diagnostics.AddError("Access Token Not Yet Known",
			"The goto provider's access_token or other settings depend on a value that is known only after apply, so the identity "+
				"cannot be read during this plan. Give the data source a depends_on naming the resources the token comes from, or "+
				"use the ephemeral goto_identity, which waits for apply by itself.")
		return
	}
	resp.Diagnostics.Append(readIdentity(ctx, d.clients, &m, missingTokenDataSource)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
