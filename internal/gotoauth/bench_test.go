package gotoauth

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/go-cleanhttp"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// The benchmarks run against the mock in this process, so time, bytes and
// allocations per operation include the mock's side of each request. The
// MockPATService benchmark is that side alone (plus net/http's client), the
// floor an exchange is compared with.

const (
	benchSecret = "bench-secret-5d1c8e2a7f"
	benchPATs   = 64
)

// benchMock serves a mock with rate limiting off and benchPATs distinct PATs.
func benchMock(b *testing.B) (*mockgoto.Server, *httptest.Server, Config, []string) {
	b.Helper()
	const clientID = "bench-client"
	cfg := mockgoto.Config{
		Clients:   []mockgoto.Client{{ID: clientID, Secret: benchSecret, PATGrant: true}},
		RateLimit: -1,
	}
	pats := make([]string, benchPATs)
	for i := range pats {
		pats[i] = fmt.Sprintf("bench-pat-%03d-4c9e1a7b3f", i)
		cfg.PATs = append(cfg.PATs, mockgoto.PAT{Token: pats[i], Principal: fmt.Sprintf("user%03d@example.com", i)})
	}
	mock := mockgoto.New(cfg)
	srv := httptest.NewServer(mock)
	b.Cleanup(srv.Close)
	return mock, srv, Config{
		ClientID:     clientID,
		ClientSecret: benchSecret,
		TokenURL:     srv.URL + "/oauth/token",
		Cache:        NewCache(),
	}, pats
}

// uncached is a minimum validity longer than any token the mock issues (an
// hour), so the cache never serves and every exchange is a request: the path
// of a credential not seen before.
const uncached = 2 * time.Hour

func newBenchClient(b *testing.B, cfg Config) *Client {
	b.Helper()
	c, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func reportRate(b *testing.B) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "exchanges/s")
	}
}

func requireRequests(b *testing.B, mock *mockgoto.Server, want int) {
	b.Helper()
	if got := mock.Count(mockgoto.GrantPAT); got != want {
		b.Fatalf("the mock saw %d PAT requests, want %d", got, want)
	}
}

// BenchmarkPATExchange is one exchange after another, each a request.
func BenchmarkPATExchange(b *testing.B) {
	mock, _, cfg, pats := benchMock(b)
	c := newBenchClient(b, cfg)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ExchangePAT(ctx, pats[0], uncached); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
	requireRequests(b, mock, b.N)
}

// BenchmarkPATExchangeParallel is many exchanges at once, each goroutine with
// its own PAT so none joins another's request: throughput across all cores.
func BenchmarkPATExchangeParallel(b *testing.B) {
	mock, _, cfg, pats := benchMock(b)
	c := newBenchClient(b, cfg)
	ctx := context.Background()
	var next atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		pat := pats[int(next.Add(1)-1)%len(pats)]
		for pb.Next() {
			if _, err := c.ExchangePAT(ctx, pat, uncached); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b)
	requireRequests(b, mock, b.N)
}

// BenchmarkPATExchangeCacheHit is an identical exchange served from the
// cache: no request after the first.
func BenchmarkPATExchangeCacheHit(b *testing.B) {
	mock, _, cfg, pats := benchMock(b)
	c := newBenchClient(b, cfg)
	ctx := context.Background()
	if _, err := c.ExchangePAT(ctx, pats[0], 5*time.Minute); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.ExchangePAT(ctx, pats[0], 5*time.Minute); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
	requireRequests(b, mock, 1)
}

// BenchmarkMockPATService is the mock's own service time for one PAT
// exchange: a plain form POST over a kept-alive loopback connection, with no
// client logic, as the floor for BenchmarkPATExchange.
func BenchmarkMockPATService(b *testing.B) {
	mock, srv, cfg, pats := benchMock(b)
	hc := &http.Client{Transport: cleanhttp.DefaultPooledTransport()}
	body := url.Values{"grant_type": {mockgoto.GrantPAT}, "pat": {pats[0]}}.Encode()
	post := func() error {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/oauth/token", strings.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "terraform-provider-goto")
		req.SetBasicAuth(cfg.ClientID, cfg.ClientSecret)
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("the mock answered %s", resp.Status)
		}
		return nil
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := post(); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
	requireRequests(b, mock, b.N)
}
