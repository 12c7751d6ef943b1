package mockgoto

import (
	"net/http"
	"reflect"
	"sync"
	"testing"
	"time"
)

func TestCounts(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	if got := s.Counts(); !reflect.DeepEqual(got, map[string]int{
		GrantAuthorizationCode: 0, GrantRefreshToken: 0, GrantPAT: 0, GrantPassword: 0, GrantDirectLogin: 0,
	}) {
		t.Fatalf("fresh counts %v", got)
	}
	token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok"))
	token(t, ts, "nobody", "x", form("grant_type", "personal_access_token", "pat", "pat-ok"))
	token(t, ts, "app", "s3cret", form("grant_type", "client_credentials"))
	token(t, ts, "app", "s3cret", form())
	got := s.Counts()
	if got[GrantPAT] != 2 || got["client_credentials"] != 1 || got[CounterTotal] != 0 || len(got) != 6 {
		t.Fatalf("counts %v", got)
	}
	if s.Count(CounterTotal) != 4 || s.Count("nothing") != 0 {
		t.Fatalf("total %d", s.Count(CounterTotal))
	}
}

func TestSetClockRestampsSeededTokens(t *testing.T) {
	s := New(testConfig())
	past := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return past })
	s.Advance(time.Minute)
	if !s.Now().Equal(past.Add(time.Minute)) {
		t.Fatalf("now %v", s.Now())
	}
	s.SetClock(nil)
	if time.Since(s.Now()) > time.Minute {
		t.Fatal("SetClock(nil) should restore the real clock without offset")
	}
	s.SetClock(func() time.Time { return past })
	ts := startHandler(t, s)
	wantStatus(t, token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", "seed-rt")), http.StatusOK)
}

// TestConcurrentUse drives every endpoint at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	s, ts, clk := start(t, testConfig())
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				a := token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok")).str("access_token")
				get(t, ts.URL+"/admin/rest/v1/me", a)
				token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", s.IssueRefreshToken("app", "", "")))
				token(t, ts, "app", "s3cret", form("grant_type", "authorization_code", "code", s.IssueCode("app", "", "", "")))
				directLogin(t, ts, http.MethodPost, form("grant_type", "password", "user_id", "alice", "password", "pw", "client_id", "nopat"))
				get(t, ts.URL+"/oauth/authorize?response_type=code&client_id=web", "")
				s.InjectFault(Fault{Delay: time.Millisecond})
				_ = s.Stats()
				_ = s.Requests(GrantPAT)
				clk.Add(time.Second)
			}
		}()
	}
	wg.Wait()
	if got := s.Count(GrantPAT); got != 40 {
		t.Fatalf("pat count %d", got)
	}
	s.Reset()
}
