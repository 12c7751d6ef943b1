package mockgoto

import (
	"encoding/json"
	"errors"
	"html"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json;charset=UTF-8")
	// Token responses must never be cached (RFC 6749 5.1); harmless elsewhere.
	h.Set("Cache-Control", "no-store")
	h.Set("Pragma", "no-cache")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// oauthError writes an RFC 6749 5.2 error body.
func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

// htmlError is what a browser sees when authorize cannot redirect back.
func htmlError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<!DOCTYPE html>\n<html><head><title>Error</title></head><body><h1>" +
		http.StatusText(status) + "</h1><p>" + html.EscapeString(msg) + "</p></body></html>\n"))
}

// formError is a request whose form could not be read.
type formError struct {
	status int
	msg    string
}

// parseForm reads a request's form with the body capped at maxBodyBytes. When
// formOnly is set the body must be form encoded and only body fields count, as
// at /oauth/token. The form is never nil, so a failed request can still be
// counted and faulted before its error is answered.
func parseForm(w http.ResponseWriter, r *http.Request, formOnly bool) (url.Values, *formError) {
	if formOnly {
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt != "application/x-www-form-urlencoded" {
			return url.Values{}, &formError{http.StatusBadRequest, "request body must be application/x-www-form-urlencoded"}
		}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return url.Values{}, &formError{http.StatusRequestEntityTooLarge, "request body exceeds 1 MiB"}
		}
		return url.Values{}, &formError{http.StatusBadRequest, "malformed form body"}
	}
	if formOnly {
		return r.PostForm, nil
	}
	return r.Form, nil
}

func joinScopes(s []string) string { return strings.Join(s, " ") }

// subset reports whether every scope in want is in have.
func subset(want, have []string) bool {
	set := make(map[string]bool, len(have))
	for _, h := range have {
		set[h] = true
	}
	for _, x := range want {
		if !set[x] {
			return false
		}
	}
	return true
}
