package gotoauth

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"
)

// Cache shares identical exchanges: callers that arrive while a request is
// in flight wait for it, and later callers reuse its token while it keeps at
// least their minimum validity. With UseDir, other processes on the machine
// share them too. Keys are hashes, so no secret is held as a map key.
type Cache struct {
	mu      sync.Mutex
	entries map[cacheKey]*cacheEntry
	files   *fileCache
}

// cacheKey names one exchange: a hash of everything that makes two
// exchanges identical (endpoint, client, grant and secret input).
type cacheKey [sha256.Size]byte

type cacheEntry struct {
	done  chan struct{}
	token *Token
	err   error
	// waiters counts the callers still waiting; the last one to give up
	// cancels the request.
	waiters int
	cancel  context.CancelFunc
}

// share says how one exchange uses the cache.
type share struct {
	now         func() time.Time
	minValidity time.Duration
	// budget bounds the shared request, which runs detached from every
	// caller's context so no caller's deadline fails another.
	budget time.Duration
	// lockWait bounds the wait for another process's identical request.
	lockWait time.Duration
	// secret is the exchange's secret input, which the file entry's key is
	// derived from; nil keeps the exchange out of the file cache.
	secret []byte
	log    func(msg string, fields map[string]any)
}

func NewCache() *Cache {
	return &Cache{entries: map[cacheKey]*cacheEntry{}}
}

// keyOf hashes the parts that make two exchanges identical, each prefixed
// with its length so no two part lists collide.
func keyOf(parts ...string) cacheKey {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k cacheKey
	h.Sum(k[:0])
	return k
}

// do returns a cached token valid for the caller's minimum validity, joins a
// request in flight, or starts one. Failures are not cached. A caller whose
// context ends stops waiting; the request goes on for the others.
func (c *Cache) do(ctx context.Context, key cacheKey, s share, fetch func(context.Context) (*Token, error)) (*Token, error) {
	c.mu.Lock()
	e, found := c.entries[key]
	if found {
		select {
		case <-e.done:
			if e.err == nil && e.token.validFor(s.now(), s.minValidity) {
				c.mu.Unlock()
				return e.token.clone(), nil
			}
			found = false
		default:
		}
	}
	if !found {
		e = &cacheEntry{done: make(chan struct{})}
		var rctx context.Context
		rctx, e.cancel = context.WithTimeout(context.WithoutCancel(ctx), s.budget)
		c.entries[key] = e
		files := c.files
		if s.secret == nil {
			files = nil
		}
		go c.run(rctx, key, e, func(ctx context.Context) (*Token, error) {
			if files == nil {
				return fetch(ctx)
			}
			return files.do(ctx, key, s, fetch)
		})
	}
	e.waiters++
	c.mu.Unlock()

	select {
	case <-e.done:
		if e.err != nil {
			return nil, e.err
		}
		return e.token.clone(), nil
	case <-ctx.Done():
		c.leave(key, e)
		return nil, ctx.Err()
	}
}

// run makes the shared request and publishes its result.
func (c *Cache) run(ctx context.Context, key cacheKey, e *cacheEntry, fetch func(context.Context) (*Token, error)) {
	defer e.cancel()
	t, err := fetch(ctx)
	c.mu.Lock()
	e.token, e.err = t, err
	if err != nil && c.entries[key] == e {
		delete(c.entries, key)
	}
	c.mu.Unlock()
	close(e.done)
}

// leave records that a caller stopped waiting; when none is left the
// request is cancelled and forgotten, so a later caller starts afresh.
func (c *Cache) leave(key cacheKey, e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e.waiters--
	if e.waiters > 0 {
		return
	}
	select {
	case <-e.done:
	default:
		e.cancel()
		if c.entries[key] == e {
			delete(c.entries, key)
		}
	}
}

// forget drops every finished entry whose access or refresh token is token,
// from memory and from the cache directory, so that a revoked token is never
// handed out again. It is the one way a token leaves the cache before it
// expires.
func (c *Cache) forget(token string) {
	c.mu.Lock()
	var gone []cacheKey
	for k, e := range c.entries {
		select {
		case <-e.done:
			if e.err == nil && (e.token.AccessToken == token || e.token.RefreshToken == token) {
				delete(c.entries, k)
				gone = append(gone, k)
			}
		default:
		}
	}
	files := c.files
	c.mu.Unlock()
	if files != nil {
		for _, k := range gone {
			files.forget(k)
		}
	}
}
