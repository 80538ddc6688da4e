package screen

import (
	"container/list"
	"sync"
)

// wavCache keeps the most recently used rendered calls. A call is fetched by
// every screen of the hall and again on each recall, so a few dozen entries
// (≈150 KB each for the default pack said twice) cover a busy hall.
type wavCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // of *cacheEntry, most recent first
	byKey map[string]*list.Element
}

type cacheEntry struct {
	key string
	wav []byte
	tag string // ETag
}

func newWAVCache(max int) *wavCache {
	return &wavCache{max: max, order: list.New(), byKey: make(map[string]*list.Element)}
}

func (c *wavCache) get(key string) (cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return cacheEntry{}, false
	}
	c.order.MoveToFront(el)
	return *el.Value.(*cacheEntry), true
}

func (c *wavCache) put(e cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[e.key]; ok {
		el.Value = &e
		c.order.MoveToFront(el)
		return
	}
	c.byKey[e.key] = c.order.PushFront(&e)
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*cacheEntry).key)
	}
}

func (c *wavCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
