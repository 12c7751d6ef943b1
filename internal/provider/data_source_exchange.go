package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// exchangeDataSource serves an exchange as a data source, for consumers that
// cannot take ephemeral values, such as the http provider. Its access token
// is stored in state, marked sensitive.
type exchangeDataSource[M any] struct {
	spec    *exchangeSpec[M]
	clients *clientSource
}

func newExchangeDataSource[M any](spec *exchangeSpec[M]) datasource.DataSource {
	return &exchangeDataSource[M]{spec: spec}
}

var _ datasource.DataSourceWithConfigure = (*exchangeDataSource[patModel])(nil)

func (d *exchangeDataSource[M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.spec.name
}

func (d *exchangeDataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: d.spec.description + "\n\n" + dataSourceStateNote,
		Attributes:          dataSourceAttributes(commonAttributes, d.spec.attributes),
	}
}

const dataSourceStateNote = "As a data source, its arguments and the access token are stored in the state (the secrets marked sensitive). " +
	"Prefer the ephemeral resource of the same name wherever the consumer accepts ephemeral values, and leave the long-lived " +
	"secret input out of the configuration so it comes from its environment variable."

func (d *exchangeDataSource[M]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.clients = clientSourceFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *exchangeDataSource[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, diags := d.spec.perform(ctx, "data", d.clients, &m, false)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
