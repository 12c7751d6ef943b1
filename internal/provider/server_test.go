package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// OpenTofu 1.12 sends a null function argument as an empty DynamicValue; the
// server must treat it as null, as terraform's encoded null is.
func TestServerCallFunctionEmptyArgumentIsNull(t *testing.T) {
	t.Setenv("GOTO_TOKEN_URL", "")
	server := NewProtocol6Server("test")()
	ctx := context.Background()
	if _, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		t.Fatal(err)
	}
	str := func(s string) *tfprotov6.DynamicValue {
		v, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, s))
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	null, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, nil))
	if err != nil {
		t.Fatal(err)
	}

	call := func(args ...*tfprotov6.DynamicValue) string {
		t.Helper()
		resp, err := server.CallFunction(ctx, &tfprotov6.CallFunctionRequest{Name: "authorization_url", Arguments: args})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Error != nil {
			t.Fatalf("authorization_url: %s", resp.Error.Text)
		}
		v, err := resp.Result.Unmarshal(tftypes.String)
		if err != nil {
			t.Fatal(err)
		}
		var s string
		if err := v.As(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	// As terraform sends them: encoded nulls.
	want := call(str("demo-client"), str("https://app.example.com/cb"), &null, &null)
	// As OpenTofu sends them: empty values, and nil for good measure.
	got := call(str("demo-client"), str("https://app.example.com/cb"), &tfprotov6.DynamicValue{}, nil)
	if got != want {
		t.Errorf("with empty arguments: %q, want %q", got, want)
	}
	if strings.Contains(got, "scope=") || strings.Contains(got, "state=") {
		t.Errorf("null scope and state must be left out: %q", got)
	}
}
