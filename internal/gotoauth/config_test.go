package gotoauth

import (
	"strings"
	"testing"
)

func TestCheckEndpoint(t *testing.T) {
	for _, ok := range []string{"https://authentication.logmeininc.com/oauth/token", "http://127.0.0.1:9/oauth/token", "http://localhost/x", "http://[::1]:80/"} {
		if err := CheckEndpoint(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for bad, want := range map[string]string{
		"http://example.com/oauth/token": "plain http on a non-loopback host",
		"ftp://example.com/":             "must use https",
		"/oauth/token":                   "no host",
		"https://u:p@example.com/":       "must not carry credentials",
	} {
		if err := CheckEndpoint(bad); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", bad, err, want)
		}
	}
}

func TestNewRejectsBadCACert(t *testing.T) {
	_, err := New(Config{CACertPEM: "not a certificate"})
	if err == nil || !strings.Contains(err.Error(), "ca_cert_pem") {
		t.Fatalf("got %v", err)
	}
}
