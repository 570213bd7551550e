package search

import (
	"hash/maphash"
	"sync"
)

// Cache keeps, from one build of an index to the next, each document's
// terms and fields by Doc.Key, and a dictionary numbering the terms; a
// rebuild tokenizes only the documents whose text changed. Documents not
// seen in a build are forgotten at its end.
type Cache struct {
	mu    sync.Mutex
	docs  map[uint64]cachedDoc
	seen  map[uint64]bool
	ids   map[string]uint32
	terms []string
	// flush is set when the next build should start afresh.
	flush bool
	// files keeps display chunks by the keys of their documents, and
	// sizes the compressed size of facet columns.
	files     map[uint64]File
	seenFiles map[uint64]bool
	sizes     map[uint64]int
	// buf holds the postings of the last build, reused by the next.
	buf []posting
}

// postings returns a zeroed array of n postings, reusing the last
// build's when it is large enough.
func (c *Cache) postings(n int) []posting {
	if cap(c.buf) < n {
		c.buf = make([]posting, n, n+n/8)
	}
	c.buf = c.buf[:n]
	clear(c.buf)
	return c.buf
}

type cachedDoc struct {
	doc   Doc // without its texts
	terms []termWeight
}

type termWeight struct {
	id     uint32
	weight byte
}

// NewCache returns an empty cache.
func NewCache() *Cache {
	c := &Cache{}
	c.reset()
	return c
}

func (c *Cache) reset() {
	c.docs, c.seen, c.ids, c.terms = map[uint64]cachedDoc{}, map[uint64]bool{}, map[string]uint32{}, nil
	c.files, c.seenFiles, c.sizes = map[uint64]File{}, map[uint64]bool{}, map[uint64]int{}
}

// sweepFiles forgets the chunks not used in this build.
func (c *Cache) sweepFiles() {
	for k := range c.files {
		if !c.seenFiles[k] {
			delete(c.files, k)
		}
	}
}

func (c *Cache) file(key uint64) (File, bool) {
	f, ok := c.files[key]
	if ok {
		c.seenFiles[key] = true
	}
	return f, ok
}

func (c *Cache) putFile(key uint64, f File) {
	c.files[key] = f
	c.seenFiles[key] = true
}

var sizeSeed = maphash.MakeSeed()

// gzipSize is gzipSize(col), remembered.
func (c *Cache) gzipSize(col string) int {
	k := maphash.String(sizeSeed, col)
	if n, ok := c.sizes[k]; ok {
		return n
	}
	n := gzipSize([]byte(col))
	if len(c.sizes) > 1024 {
		clear(c.sizes)
	}
	c.sizes[k] = n
	return n
}

// Has reports whether the document with this key is kept; SearchDocs
// then leaves out its fields.
func (c *Cache) Has(key uint64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.docs[key]
	return ok
}

func (c *Cache) begin() {
	if c.flush {
		c.reset()
		c.flush = false
	}
	clear(c.seen)
	clear(c.seenFiles)
}

func (c *Cache) get(key uint64) (cachedDoc, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.docs[key]
	if ok {
		c.seen[key] = true
	}
	return d, ok
}

func (c *Cache) put(key uint64, d cachedDoc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.docs[key] = d
	c.seen[key] = true
}

func (c *Cache) intern(term string) uint32 {
	if id, ok := c.ids[term]; ok {
		return id
	}
	id := uint32(len(c.terms))
	c.ids[term] = id
	c.terms = append(c.terms, term)
	return id
}

// end forgets the documents not seen in this build, and everything once
// the dictionary holds twice the terms in use (the rest came from texts
// since changed).
func (c *Cache) end(live int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.docs {
		if !c.seen[k] {
			delete(c.docs, k)
		}
	}
	c.flush = len(c.terms) > 2*live+1024
}
