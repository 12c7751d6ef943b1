package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	eschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// attribute is a schema attribute described once and rendered for both the
// ephemeral resource and the data source of an exchange.
type attribute struct {
	kind        attributeKind
	role        attributeRole
	sensitive   bool
	description string
	validators  []validator.String
	// customType gives a string attribute a semantic type, such as a
	// duration or a timestamp, whose own validation runs with the schema's.
	customType basetypes.StringTypable
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

// duration is a Go duration input of zero or more.
func duration(description string) attribute {
	return attribute{kind: stringKind, role: input, customType: timetypes.GoDurationType{}, validators: []validator.String{durationSign{}}, description: description}
}

func (a attribute) flags() (required, optional, computed bool) {
	return a.role == requiredInput, a.role == input, a.role == output
}

// unknown is the attribute's value while a result cannot be known yet.
func (a attribute) unknown(ctx context.Context) (attr.Value, diag.Diagnostics) {
	if a.customType != nil {
		return a.customType.ValueFromString(ctx, types.StringUnknown())
	}
	switch a.kind {
	case int64Kind:
		return types.Int64Unknown(), nil
	case boolKind:
		return types.BoolUnknown(), nil
	case stringListKind, objectListKind:
		return types.ListUnknown(a.attrType().(types.ListType).ElemType), nil
	}
	return types.StringUnknown(), nil
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
				out[name] = eschema.StringAttribute{CustomType: a.customType, Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description, Validators: a.validators}
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
				out[name] = dschema.StringAttribute{CustomType: a.customType, Required: req, Optional: opt, Computed: comp, Sensitive: a.sensitive, MarkdownDescription: a.description, Validators: a.validators}
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
