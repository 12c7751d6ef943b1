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
	// nested are the attributes of each element of an objectListKind.
	nested map[string]attribute
}

type attributeKind int

const (
	stringKind attributeKind = iota
	int64Kind
	boolKind
	stringListKind
	objectListKind
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
	case stringListKind, objectListKind:
		return types.ListUnknown(a.attrType().(types.ListType).ElemType)
	}
	return types.StringUnknown()
}

// attrType is the attribute's value type.
func (a attribute) attrType() attr.Type {
	switch a.kind {
	case int64Kind:
		return types.Int64Type
	case boolKind:
		return types.BoolType
	case stringListKind:
		return types.ListType{ElemType: types.StringType}
	case objectListKind:
		return types.ListType{ElemType: types.ObjectType{AttrTypes: attrTypes(a.nested)}}
	}
	return types.StringType
}

func attrTypes(set map[string]attribute) map[string]attr.Type {
	out := make(map[string]attr.Type, len(set))
	for name, a := range set {
		out[name] = a.attrType()
	}
	return out
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
			case objectListKind:
				out[name] = eschema.ListNestedAttribute{NestedObject: eschema.NestedAttributeObject{Attributes: ephemeralAttributes(a.nested)},
					Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description}
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
			case objectListKind:
				out[name] = dschema.ListNestedAttribute{NestedObject: dschema.NestedAttributeObject{Attributes: dataSourceAttributes(a.nested)},
					Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description}
			}
		}
	}
	return out
}
