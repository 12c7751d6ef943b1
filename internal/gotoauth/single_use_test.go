package gotoauth

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A code is repeated only when GoTo cannot have acted on it: after a 429,
// never after a 503 that a gateway may have sent once GoTo used the code.
func TestAuthorizationCodeRetriesOnlyUnprocessedRequests(t *testing.T) {
	for _, tc := range []struct {
		first    int
		requests int64
		ok       bool
	}{
		{http.StatusTooManyRequests, 2, true},
		{http.StatusServiceUnavailable, 1, false},
		{http.StatusBadGateway, 1, false},
	} {
		t.Run(http.StatusText(tc.first), func(t *testing.T) {
			var n atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					w.WriteHeader(tc.first)
					return
				}
				w.Write([]byte(`{"access_token":"tok","expires_in":3600,"refresh_token":"r"}`))
			}))
			defer srv.Close()
			c := newTestClient(t, Config{ClientID: "id", ClientSecret: "s", TokenURL: srv.URL, RetryBaseDelay: time.Millisecond})
			_, err := c.ExchangeAuthorizationCode(context.Background(), "the-code", "")
			if (err == nil) != tc.ok || n.Load() != tc.requests {
				t.Fatalf("error %v after %d requests; want ok=%v after %d", err, n.Load(), tc.ok, tc.requests)
			}
			if err != nil && !strings.Contains(err.Error(), "not repeated") {
				t.Fatalf("the error should say why the code was not retried: %v", err)
			}
		})
	}
}

func TestAuthorizationCodeRetriesAConnectionNeverMade(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String() + "/oauth/token"
	l.Close()
	c := newTestClient(t, Config{ClientID: "id", ClientSecret: "s", TokenURL: url, MaxRetries: intp(2), RetryBaseDelay: time.Millisecond})
	_, err = c.ExchangeAuthorizationCode(context.Background(), "the-code", "")
	var gerr *Error
	if !errors.As(err, &gerr) || gerr.Attempts != 3 {
		t.Fatalf("want 3 attempts at a closed port, got %v", err)
	}
}
