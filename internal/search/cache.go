package search

import (
	"hash/maphash"
	"slices"
	"strings"
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
	buf  []posting
	last *lastIndex
	// docBuf and termBuf are the per-document arrays, reused.
	docBuf  []Doc
	termBuf [][]termWeight
	// facetCols are the facet columns of the last build, by the keys of
	// their documents.
	facetCols map[uint64]facetColumn
}

// arrays returns the per-document arrays of a build of n documents,
// zeroed, reusing the last build's: at 10,000 entries they are most of
// what a rebuild after one edit allocates here.
func (c *Cache) arrays(n int) ([]Doc, [][]termWeight) {
	if cap(c.docBuf) < n {
		c.docBuf, c.termBuf = make([]Doc, n), make([][]termWeight, n)
	}
	c.docBuf, c.termBuf = c.docBuf[:n], c.termBuf[:n]
	clear(c.docBuf)
	clear(c.termBuf)
	return c.docBuf, c.termBuf
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

// termWeight is a term's number and its weight in a document (as in
// posting), in one word.
type termWeight uint32

func newTermWeight(id uint32, weight byte) termWeight { return termWeight(id<<3 | uint32(weight&7)) }

func (t termWeight) id() uint32   { return uint32(t >> 3) }
func (t termWeight) weight() byte { return byte(t & 7) }

// NewCache returns an empty cache.
func NewCache() *Cache {
	c := &Cache{}
	c.reset()
	return c
}

func (c *Cache) reset() {
	c.docs, c.seen, c.ids, c.terms = map[uint64]cachedDoc{}, map[uint64]bool{}, map[string]uint32{}, nil
	c.files, c.seenFiles, c.sizes = map[uint64]File{}, map[uint64]bool{}, map[uint64]int{}
	c.last, c.facetCols = nil, nil
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

// internBytes is intern for a term in a reused buffer: the term is copied
// only when it is new to the dictionary.
func (c *Cache) internBytes(term []byte) uint32 {
	if id, ok := c.ids[string(term)]; ok {
		return id
	}
	return c.intern(string(term))
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

// lastIndex is what the previous build indexed, for patching its postings
// when few documents changed.
type lastIndex struct {
	keys     []uint64
	terms    [][]termWeight
	postings [][]posting // by term id
	enc      []string    // by term id; "" for a term without postings
	ids      []uint32    // the term ids with postings, in term order
	common   int
}

// index works out every term's postings from scratch: counted first, so
// that every list is cut from one array without growing. It returns the
// term ids with postings in term order and the encoded postings by term
// id, and keeps them for the next build to patch.
func (c *Cache) index(docs []Doc, docTerms [][]termWeight, common int) ([]uint32, []string) {
	c.last = nil
	count := make([]int32, len(c.terms))
	total := 0
	for _, ts := range docTerms {
		for _, tw := range ts {
			count[tw.id()]++
		}
		total += len(ts)
	}
	all := c.postings(total)
	postings := make([][]posting, len(c.terms))
	at := 0
	for tid, n := range count {
		postings[tid] = all[at : at : at+int(n)]
		at += int(n)
	}
	for id, ts := range docTerms {
		for _, tw := range ts {
			postings[tw.id()] = append(postings[tw.id()], newPosting(int32(id), tw.weight()))
		}
	}
	var ids []uint32
	enc := make([]string, len(c.terms))
	for tid, ps := range postings {
		if len(ps) > 0 {
			ids = append(ids, uint32(tid))
			enc[tid] = encodeTerm(ps, common)
		}
	}
	slices.SortFunc(ids, func(a, b uint32) int { return strings.Compare(c.terms[a], c.terms[b]) })
	c.keep(docs, docTerms, postings, enc, ids, common)
	return ids, enc
}

// patch works out the postings from the last build's when the documents
// are the same but for a few whose key changed, and returns nil otherwise.
// The result is what index would give.
func (c *Cache) patch(docs []Doc, docTerms [][]termWeight, common int) ([]uint32, []string) {
	last := c.last
	if last == nil || len(docs) != len(last.keys) || common != last.common || len(last.postings) > len(c.terms) {
		return nil, nil
	}
	var changed []int32
	for id, d := range docs {
		if d.Key == 0 {
			return nil, nil
		}
		if d.Key != last.keys[id] {
			changed = append(changed, int32(id))
			if len(changed) > 64 {
				return nil, nil
			}
		}
	}
	// The last build's lists are changed in place, not copied: they are
	// the cache's alone, and hold millions of postings at 10,000 entries.
	postings := slices.Grow(last.postings, len(c.terms)-len(last.postings))[:len(c.terms)]
	enc := slices.Grow(last.enc, len(c.terms)-len(last.enc))[:len(c.terms)]
	added := map[uint32][]posting{}
	var dirty []uint32
	for _, id := range changed {
		for _, tw := range last.terms[id] {
			dirty = append(dirty, tw.id())
		}
		for _, tw := range docTerms[id] {
			dirty = append(dirty, tw.id())
			added[tw.id()] = append(added[tw.id()], newPosting(id, tw.weight()))
		}
	}
	slices.Sort(dirty)
	dirty = slices.Compact(dirty)
	ids := last.ids
	byTerm := func(a, b uint32) int { return strings.Compare(c.terms[a], c.terms[b]) }
	for _, tid := range dirty {
		old, add := postings[tid], added[tid]
		ps := old
		same, shown := updateWeights(old, add, changed)
		if !same {
			// Documents joined or left the list: the old list without
			// the changed documents, merged with their new postings;
			// both are in document order.
			ps = make([]posting, 0, len(old)+len(add))
			for _, p := range old {
				if _, gone := slices.BinarySearch(changed, p.doc()); gone {
					continue
				}
				for len(add) > 0 && add[0].doc() < p.doc() {
					ps, add = append(ps, add[0]), add[1:]
				}
				ps = append(ps, p)
			}
			ps = append(ps, add...)
		}
		postings[tid] = ps
		// A common term's encoding keeps only title and summary postings:
		// it is the same while those are.
		if !same || shown || len(ps) <= common {
			enc[tid] = ""
			if len(ps) > 0 {
				enc[tid] = encodeTerm(ps, common)
			}
		}
		i, had := slices.BinarySearchFunc(ids, tid, byTerm)
		switch {
		case had && len(ps) == 0:
			ids = slices.Delete(ids, i, i+1)
		case !had && len(ps) > 0:
			ids = slices.Insert(ids, i, tid)
		}
	}
	c.keep(docs, docTerms, postings, enc, ids, common)
	return ids, enc
}

// updateWeights handles the usual case of a patch for one term: the same
// changed documents have it before and after, only perhaps with other
// weights, which are set in place. same is false, and the list untouched,
// when a changed document joins or leaves the list. shown reports a
// changed weight that a common term's encoding shows (those of titles and
// summaries, 2 and up, are kept with their weight; the rest left out).
func updateWeights(ps, add []posting, changed []int32) (same, shown bool) {
	at := make([]int, 0, len(add))
	for _, doc := range changed {
		i, found := slices.BinarySearchFunc(ps, doc, func(p posting, d int32) int { return int(p.doc() - d) })
		_, wanted := slices.BinarySearchFunc(add, doc, func(p posting, d int32) int { return int(p.doc() - d) })
		if found != wanted {
			return false, false
		}
		if found {
			at = append(at, i)
		}
	}
	for k, i := range at {
		if w0, w1 := ps[i].weight(), add[k].weight(); w0 != w1 && (w0 >= 2 || w1 >= 2) {
			shown = true
		}
		ps[i] = newPosting(ps[i].doc(), add[k].weight())
	}
	return true, shown
}

func (c *Cache) keep(docs []Doc, docTerms [][]termWeight, postings [][]posting, enc []string, ids []uint32, common int) {
	last := c.last
	if last == nil || len(last.keys) != len(docs) {
		last = &lastIndex{keys: make([]uint64, len(docs)), terms: make([][]termWeight, len(docs))}
	}
	for i, d := range docs {
		last.keys[i] = d.Key
	}
	copy(last.terms, docTerms)
	last.postings, last.enc, last.ids, last.common = postings, enc, ids, common
	c.last = last
}
