package mockgoto

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// decodeLoose unmarshals a JSON object into dst (a pointer to a struct type
// without its own UnmarshalJSON), matching keys by letters only, so config
// files may spell "user_id" as "userId" or "UserID". Unknown keys are errors.
// aliases maps extra accepted keys to json field names.
func decodeLoose(data []byte, dst any, aliases map[string]string) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	if raw == nil {
		return nil
	}
	canon := map[string]string{}
	t := reflect.TypeOf(dst).Elem()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		canon[foldKey(name)] = name
		canon[foldKey(f.Name)] = name
	}
	for a, name := range aliases {
		canon[foldKey(a)] = name
	}
	out := make(map[string]json.RawMessage, len(raw))
	for k, v := range raw {
		name, ok := canon[foldKey(k)]
		if !ok {
			return fmt.Errorf("unknown field %q", k)
		}
		if _, dup := out[name]; dup {
			return fmt.Errorf("field %q given twice", k)
		}
		out[name] = v
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

func foldKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', ' ':
			return -1
		}
		return r
	}, strings.ToLower(s))
}
