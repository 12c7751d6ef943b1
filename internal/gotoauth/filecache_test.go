package gotoauth

import (
	"bufio"
	"context"
	"encoding/base64"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/gofrs/flock"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// process stands for one provider process: a client with its own in-memory
// cache, sharing dir with the others.
func process(t *testing.T, h http.Handler, dir string, tune func(*Config)) *Client {
	t.Helper()
	cache := NewCache()
	if err := cache.UseDir(dir); err != nil {
		t.Fatal(err)
	}
	cfg := memoryConfig(h, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
	cfg.Cache = cache
	if tune != nil {
		tune(&cfg)
	}
	return newTestClient(t, cfg)
}

// delayed answers through h after pause, so concurrent exchanges overlap.
func delayed(h http.Handler, pause time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(pause)
		h.ServeHTTP(w, r)
	})
}

// entries lists the cache directory's token entries.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*"+entrySuffix))
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// Processes that start together make one request and share its token; the
// directory and its files are private to the user.
func TestFileCacheProcessesShareOneRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock := mockgoto.New(mockgoto.DemoConfig())
		dir := filepath.Join(t.TempDir(), "cache")
		tokens := make([]string, 8)
		var wg sync.WaitGroup
		for i := range tokens {
			c := process(t, delayed(mock, time.Second), dir, nil)
			wg.Go(func() {
				tok, err := c.ExchangePAT(t.Context(), mockgoto.DemoPAT, 5*time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				tokens[i] = tok.AccessToken
			})
		}
		wg.Wait()
		if got := mock.Count(mockgoto.GrantPAT); got != 1 {
			t.Fatalf("8 processes made %d requests, want 1", got)
		}
		for _, tok := range tokens {
			if tok != tokens[0] {
				t.Fatal("the processes got different tokens")
			}
		}
		if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
			t.Fatalf("cache directory: %v %v, want mode 0700", info.Mode(), err)
		}
		files, _ := os.ReadDir(dir)
		for _, f := range files {
			if info, _ := f.Info(); info.Mode().Perm() != 0o600 {
				t.Errorf("%s has mode %04o, want 0600", f.Name(), info.Mode().Perm())
			}
		}
		if len(entries(t, dir)) != 1 {
			t.Fatalf("want one entry, got %v", files)
		}
	})
}

// No file of the cache holds a secret, a token or a refresh token, raw or
// base64-encoded; the exchanges include a rotated refresh token and a
// direct login.
func TestFileCacheHoldsNoSecret(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := mockgoto.DemoConfig()
		cfg.Rotation = mockgoto.RotationAlways
		mock := mockgoto.New(cfg)
		dir := t.TempDir()
		c := process(t, mock, dir, nil)
		found := secrets{
			"client secret": mockgoto.DemoClientSecret,
			"PAT":           mockgoto.DemoPAT,
			"refresh token": mockgoto.DemoRefreshToken,
			"password":      mockgoto.DemoPassword,
		}
		pat, err := c.ExchangePAT(t.Context(), mockgoto.DemoPAT, 0)
		if err != nil {
			t.Fatal(err)
		}
		refreshed, err := c.ExchangeRefreshToken(t.Context(), mockgoto.DemoRefreshToken, 0)
		if err != nil {
			t.Fatal(err)
		}
		login, err := c.DirectLogin(t.Context(), mockgoto.DemoUserID, mockgoto.DemoPassword, 0)
		if err != nil {
			t.Fatal(err)
		}
		found["PAT access token"] = pat.AccessToken
		found["refreshed access token"] = refreshed.AccessToken
		found["rotated refresh token"] = refreshed.RefreshToken
		found["direct login access token"] = login.AccessToken
		if login.RefreshToken != "" {
			found["direct login refresh token"] = login.RefreshToken
		}
		for name, s := range found {
			for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
				found[name+" (base64)"] = enc.EncodeToString([]byte(s))
			}
		}
		if n := len(entries(t, dir)); n != 3 {
			t.Fatalf("want 3 entries, got %d", n)
		}
		files, _ := os.ReadDir(dir)
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(dir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			requireNoLeak(t, "cache file "+f.Name(), string(b), found)
			requireNoLeak(t, "a cache file's name", f.Name(), found)
		}
	})
}

// A rotated refresh token travels with the entry: a second process that
// presents the same refresh token learns the new one and that it rotated.
func TestFileCacheSharesTheRotatedRefreshToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		cfg := mockgoto.DemoConfig()
		cfg.Rotation = mockgoto.RotationAlways
		mock := mockgoto.New(cfg)
		dir := t.TempDir()
		first, err := process(t, mock, dir, nil).ExchangeRefreshToken(t.Context(), mockgoto.DemoRefreshToken, 0)
		if err != nil {
			t.Fatal(err)
		}
		second, err := process(t, mock, dir, nil).ExchangeRefreshToken(t.Context(), mockgoto.DemoRefreshToken, 0)
		if err != nil {
			t.Fatal(err)
		}
		if mock.Count(mockgoto.GrantRefreshToken) != 1 {
			t.Fatalf("%d refresh requests, want 1", mock.Count(mockgoto.GrantRefreshToken))
		}
		if !first.RefreshTokenRotated || !second.RefreshTokenRotated || second.RefreshToken != first.RefreshToken {
			t.Fatal("the second process did not learn the rotated refresh token")
		}
	})
}

// Direct logins through the cache share one login, so no process's token
// is revoked by another's.
func TestFileCacheSharesOneDirectLogin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock := mockgoto.New(mockgoto.DemoConfig())
		dir := t.TempDir()
		var tokens []string
		for range 3 {
			tok, err := process(t, mock, dir, nil).DirectLogin(t.Context(), mockgoto.DemoUserID, mockgoto.DemoPassword, 0)
			if err != nil {
				t.Fatal(err)
			}
			tokens = append(tokens, tok.AccessToken)
		}
		if got := mock.Count(mockgoto.GrantDirectLogin); got != 1 {
			t.Fatalf("3 processes logged in %d times, want 1", got)
		}
		if status := memoryMeStatus(t, mock, tokens[0]); status != http.StatusOK {
			t.Fatalf("the first process's token answers %d at /me", status)
		}
	})
}

// A corrupt, truncated or foreign entry is ignored and replaced.
func TestFileCacheReplacesUnreadableEntries(t *testing.T) {
	for name, content := range map[string][]byte{
		"garbage":   []byte("not an entry"),
		"truncated": []byte(entryMagic + "\x00\x00"),
		"empty":     nil,
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				mock := mockgoto.New(mockgoto.DemoConfig())
				dir := t.TempDir()
				c := process(t, mock, dir, nil)
				if _, err := c.ExchangePAT(t.Context(), mockgoto.DemoPAT, 0); err != nil {
					t.Fatal(err)
				}
				entry := filepath.Join(dir, c.keyFor(c.patRequest(mockgoto.DemoPAT)).name()+entrySuffix)
				if err := os.WriteFile(entry, content, 0o600); err != nil {
					t.Fatal(err)
				}
				if _, err := process(t, mock, dir, nil).ExchangePAT(t.Context(), mockgoto.DemoPAT, 0); err != nil {
					t.Fatalf("an unreadable entry failed the exchange: %v", err)
				}
				if _, err := process(t, mock, dir, nil).ExchangePAT(t.Context(), mockgoto.DemoPAT, 0); err != nil {
					t.Fatal(err)
				}
				if got := mock.Count(mockgoto.GrantPAT); got != 2 {
					t.Fatalf("%d requests, want 2: the unreadable entry must be replaced by a good one", got)
				}
			})
		})
	}
	t.Run("foreign", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			// An entry sealed with another key, under this exchange's name.
			mock := mockgoto.New(mockgoto.DemoConfig())
			dir := t.TempDir()
			tok, err := process(t, mock, dir, nil).ExchangePAT(t.Context(), mockgoto.DemoPAT, 0)
			if err != nil {
				t.Fatal(err)
			}
			c := process(t, mock, dir, nil)
			key := c.keyFor(c.patRequest(mockgoto.DemoPAT))
			aead, err := entryAEAD(key, []byte("someone else's secret"))
			if err != nil {
				t.Fatal(err)
			}
			forged := *tok
			forged.AccessToken = "forged"
			if err := (&fileCache{dir: dir}).write(key, aead, &forged); err != nil {
				t.Fatal(err)
			}
			got, err := process(t, mock, dir, nil).ExchangePAT(t.Context(), mockgoto.DemoPAT, 0)
			if err != nil || got.AccessToken == "forged" || mock.Count(mockgoto.GrantPAT) != 2 {
				t.Fatalf("a foreign entry was trusted (err %v, %d requests)", err, mock.Count(mockgoto.GrantPAT))
			}
		})
	})
}

// Expired entries are pruned, whichever credential they belong to.
func TestFileCachePrunesExpiredEntries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock := mockgoto.New(mockgoto.DemoConfig())
		dir := t.TempDir()
		c := process(t, mock, dir, nil)
		if _, err := c.ExchangePAT(t.Context(), mockgoto.DemoPAT, 0); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Hour) // the bubble's clock: the token is long expired
		if _, err := c.ExchangeRefreshToken(t.Context(), mockgoto.DemoRefreshToken, 0); err != nil {
			t.Fatal(err)
		}
		if n := len(entries(t, dir)); n != 1 {
			t.Fatalf("%d entries, want only the refresh token's: the expired one must be pruned", n)
		}
	})
}

// Revocable exchanges never reach the directory: they neither take the
// token shared with other processes nor store theirs. forget drops a token
// from memory and from the directory.
func TestFileCacheRevocableAndForget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock := mockgoto.New(mockgoto.DemoConfig())
		dir := t.TempDir()
		cache := NewCache()
		if err := cache.UseDir(dir); err != nil {
			t.Fatal(err)
		}
		c := process(t, mock, dir, func(cfg *Config) { cfg.Cache = cache })
		shared, err := c.ExchangePAT(t.Context(), mockgoto.DemoPAT, 0)
		if err != nil {
			t.Fatal(err)
		}
		revocable, err := process(t, mock, dir, nil).Revocable().ExchangePAT(t.Context(), mockgoto.DemoPAT, 0)
		if err != nil {
			t.Fatal(err)
		}
		if revocable.AccessToken == shared.AccessToken || mock.Count(mockgoto.GrantPAT) != 2 {
			t.Fatal("a revocable exchange was handed the token shared with other processes")
		}
		if n := len(entries(t, dir)); n != 1 {
			t.Fatalf("%d entries, want only the shared exchange's", n)
		}
		cache.forget(shared.AccessToken)
		if n := len(entries(t, dir)); n != 0 {
			t.Fatalf("forget left %d entries", n)
		}
		again, err := process(t, mock, dir, nil).ExchangePAT(t.Context(), mockgoto.DemoPAT, 0)
		if err != nil {
			t.Fatal(err)
		}
		if again.AccessToken == shared.AccessToken || mock.Count(mockgoto.GrantPAT) != 3 {
			t.Fatal("a forgotten token was handed out again")
		}
	})
}

// A directory others may write to is refused, and the cache goes on in
// memory.
func TestFileCacheRefusesAnOpenDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	cache := NewCache()
	err := cache.UseDir(dir)
	if err == nil || !strings.Contains(err.Error(), "others may write to it") {
		t.Fatalf("want the directory refused, got %v", err)
	}
	if cache.files != nil {
		t.Fatal("the refused directory is in use")
	}
}

// A directory owned by another user is refused (needs root to arrange).
func TestFileCacheRefusesAnotherUsersDirectory(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("only root can give a directory to another user")
	}
	dir := t.TempDir()
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if err := NewCache().UseDir(dir); err == nil || !strings.Contains(err.Error(), "another user") {
		t.Fatalf("want the directory refused, got %v", err)
	}
}

// lockHolderEnv makes the test binary a process that takes a cache lock
// and then waits to be killed.
const lockHolderEnv = "GOTO_TEST_LOCK_HOLDER"

func TestLockHolderProcess(t *testing.T) {
	path := os.Getenv(lockHolderEnv)
	if path == "" {
		t.Skip("run as a child by TestFileCacheDeadLockHolderDoesNotBlock")
	}
	if locked, err := flock.New(path).TryLock(); !locked || err != nil {
		t.Fatalf("lock: %v", err)
	}
	os.Stdout.WriteString("locked\n")
	select {}
}

// A process that dies holding an entry's lock does not block the others:
// the lock goes with it.
func TestFileCacheDeadLockHolderDoesNotBlock(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	dir := t.TempDir()
	cache := NewCache()
	if err := cache.UseDir(dir); err != nil {
		t.Fatal(err)
	}
	cfg := mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
	cfg.Cache = cache
	c := newTestClient(t, cfg)
	key := c.keyFor(c.patRequest(mockgoto.DemoPAT))

	holder := exec.Command(os.Args[0], "-test.run=^TestLockHolderProcess$")
	holder.Env = append(os.Environ(), lockHolderEnv+"="+filepath.Join(dir, key.name()+lockSuffix))
	out, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "locked\n" {
		_ = holder.Process.Kill()
		t.Fatalf("the holder did not take the lock: %q", line)
	}
	_ = holder.Process.Kill()
	_ = holder.Wait()

	// The default max_wait is five minutes: only a released lock lets the
	// exchange finish within this deadline.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if _, err := c.ExchangePAT(ctx, mockgoto.DemoPAT, 0); err != nil {
		t.Fatalf("blocked by a dead holder: %v", err)
	}
	if mock.Count(mockgoto.GrantPAT) != 1 {
		t.Fatal("want one request")
	}
}

// A live holder that never finishes is waited for at most max_wait; then
// the exchange goes ahead without the cache.
func TestFileCacheLockWaitIsBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		mock := mockgoto.New(mockgoto.DemoConfig())
		dir := t.TempDir()
		c := process(t, mock, dir, func(cfg *Config) { cfg.MaxWait = time.Minute })
		lock := flock.New(filepath.Join(dir, c.keyFor(c.patRequest(mockgoto.DemoPAT)).name()+lockSuffix))
		if locked, err := lock.TryLock(); !locked || err != nil {
			t.Fatalf("lock: %v", err)
		}
		defer lock.Unlock()
		began := time.Now()
		if _, err := c.ExchangePAT(t.Context(), mockgoto.DemoPAT, 0); err != nil {
			t.Fatalf("a held lock failed the exchange: %v", err)
		}
		if took := time.Since(began); took < time.Minute || took > time.Minute+time.Second {
			t.Fatalf("went ahead after %s, want after max_wait (1m)", took)
		}
	})
}

// memoryMeStatus is the status the mock's /admin/rest/v1/me answers for a
// token, asked in memory.
func memoryMeStatus(t *testing.T, h http.Handler, accessToken string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1/admin/rest/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	resp, err := handlerTransport{h}.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A file the cache cannot use is logged without its path: an entry's name
// is a hash of the exchange's inputs, which for a direct login without a
// client secret is a hash that a password guess can be checked against.
func TestFileCacheLogsNoEntryName(t *testing.T) {
	for suffix, want := range map[string]string{
		lockSuffix:  "token cache lock not taken",
		entrySuffix: "token cache entry not written",
	} {
		t.Run(suffix, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				mock := mockgoto.New(mockgoto.DemoConfig())
				dir := t.TempDir()
				var logs logRecorder
				c := process(t, mock, dir, func(cfg *Config) { cfg.Log = logs.record })
				key := c.keyFor(c.patRequest(mockgoto.DemoPAT)).name()
				// A directory that is not empty cannot be opened as a file
				// or replaced by one.
				if err := os.MkdirAll(filepath.Join(dir, key+suffix, "x"), 0o700); err != nil {
					t.Fatal(err)
				}
				if _, err := c.ExchangePAT(t.Context(), mockgoto.DemoPAT, 0); err != nil {
					t.Fatalf("an unusable cache failed the exchange: %v", err)
				}
				text := logs.text()
				if !strings.Contains(text, want) || !strings.Contains(text, "error:") {
					t.Fatalf("the failure was not logged with its cause:\n%s", text)
				}
				if strings.Contains(text, key) || strings.Contains(text, dir) {
					t.Fatalf("a log line names the entry's file:\n%s", text)
				}
			})
		})
	}
}
