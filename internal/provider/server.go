package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// msgpackNil is MessagePack's encoding of null, valid for every type.
var msgpackNil = []byte{0xc0}

// NewProtocol6Server serves the provider over protocol 6; main.go and the
// acceptance tests both use it.
//
// OpenTofu (checked with 1.12.6) sends a null argument of a provider function
// as an empty value instead of an encoded null, which the framework rejects
// before the function runs: authorization_url(id, uri, null, null) would fail
// under OpenTofu alone. The server puts the null back.
func NewProtocol6Server(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return nullArguments{providerserver.NewProtocol6(New(version)())()}
	}
}

// nullArguments repairs function arguments; every other call goes straight
// to the framework. (The provider has no list resources, actions or state
// stores, the optional RPCs an embedded interface would hide.)
type nullArguments struct {
	tfprotov6.ProviderServer
}

func (s nullArguments) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	if req != nil {
		for i, arg := range req.Arguments {
			if arg == nil || (len(arg.MsgPack) == 0 && len(arg.JSON) == 0) {
				req.Arguments[i] = &tfprotov6.DynamicValue{MsgPack: msgpackNil}
			}
		}
	}
	return s.ProviderServer.CallFunction(ctx, req)
}
