package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// attribute is a schema attribute described once and rendered for both the
// ephemeral resource and the data source of an exchange.
type attribute struct {
	kind        attributeKind
	role        attributeRole
	sensitive   bool
	description string
	validators  []validator.String
}

type attributeKind int

const (
	stringKind attributeKind = iota
	int64Kind
	boolKind
	stringListKind
)

type attributeRole int

const (
	input         attributeRole = iota // optional argument
	requiredInput                      // required argument
	output                             // computed only
)

var durationValidators = []validator.String{durationValidator{}}

func (a attribute) flags() (required, optional, computed bool) {
	return a.role == requiredInput, a.role == input, a.role == output
}

// unknown is the attribute's value while a result cannot be known yet.
func (a attribute) unknown() attr.Value {
	switch a.kind {
	case int64Kind:
		return types.Int64Unknown()
	case boolKind:
		return types.BoolUnknown()
	case stringListKind:
		return types.ListUnknown(types.StringType)
	}
	return types.StringUnknown()
}

func ephemeralAttributes(sets ...map[string]attribute) map[string]eschema.Attribute {
	out := map[string]eschema.Attribute{}
	for _, set := range sets {
		for name, a := range set {
			req, opt, comp := a.flags()
			switch a.kind {
			case stringKind:
				out[name] = eschema.StringAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description, Validators: a.validators}
			case int64Kind:
				out[name] = eschema.Int64Attribute{Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description}
			case boolKind:
				out[name] = eschema.BoolAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description}
			case stringListKind:
				out[name] = eschema.ListAttribute{ElementType: types.StringType, Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description}
			}
		}
	}
	return out
}

func dataSourceAttributes(sets ...map[string]attribute) map[string]dschema.Attribute {
	out := map[string]dschema.Attribute{}
	for _, set := range sets {
		for name, a := range set {
			req, opt, comp := a.flags()
			switch a.kind {
			case stringKind:
				out[name] = dschema.StringAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description, Validators: a.validators}
			case int64Kind:
				out[name] = dschema.Int64Attribute{Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description}
			case boolKind:
				out[name] = dschema.BoolAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description}
			case stringListKind:
				out[name] = dschema.ListAttribute{ElementType: types.StringType, Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description}
			}
		}
	}
	return out
}
