package search

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"path"
	"slices"
	"strings"
)

// Doc is one entry as the index sees it. Docs are numbered in the order
// given, which is also the order of "newest first" within a collection.
type Doc struct {
	Collection string
	Slug       string
	// Updated is days since 2000-01-01, for sorting by date.
	Updated int
	// Title, Meta and Body hold the texts of every language version: Meta
	// is the summary, the names of taxonomy terms and of linked partners.
	Title, Meta, Body []string
	// Display maps a language to the title and summary shown in results;
	// a language without one falls back to the first of Options.Langs.
	Display map[string][2]string
	// Facets maps a facet name to the keys the document has.
	Facets map[string][]string
	// Label is the key of the label shown beside the collection in results
	// (a kind or a stage), and Open marks an open opportunity.
	Label string
	Open  bool
	// Key, when not zero, fingerprints the document: one whose key is
	// in Options.Cache may be given as its key alone.
	Key uint64
	// facets fingerprints Facets, worked out once per document.
	facets uint64
	// display and facetKeys are Display and Facets in the order of
	// Options.Langs and Options.Facets (see compact).
	display   [][2]string
	facetKeys [][]string
}

// compact replaces d's maps by slices in the order of opt's languages and
// facets, which is all the index reads of them once it has d's terms: a
// map for each of tens of thousands of documents, held until the index is
// cut into files, is memory the collector scans over and over. A language
// without its own title and summary gets the first language's.
func (d *Doc) compact(opt Options) {
	d.display = make([][2]string, len(opt.Langs))
	for i, l := range opt.Langs {
		if disp, ok := d.Display[l]; ok || i == 0 {
			d.display[i] = disp
		} else {
			d.display[i] = d.display[0]
		}
	}
	d.facetKeys = make([][]string, len(opt.Facets))
	for i, f := range opt.Facets {
		d.facetKeys[i] = d.Facets[f.Name]
	}
	d.Display, d.Facets = nil, nil
}

// Facet is one facet of the search page with its possible keys in order.
type Facet struct {
	Name   string
	Values []string
}

// Options sets the shape of the index. The zero value of a number picks a
// size that keeps the file count under 200 at 10,000 entries.
type Options struct {
	// Langs lists the site's languages, default first.
	Langs []string
	// Collections lists the collection names in document order.
	Collections []string
	Facets      []Facet
	// Shards is the number of term shards; ShardBytes the target size of
	// one, used for small sites.
	Shards     int
	ShardBytes int
	// Chunks is the most display chunks; ChunkDocs the fewest docs in one.
	Chunks    int
	ChunkDocs int
	// A term found in more than one document in CommonShare, and in more
	// than CommonMin documents, is common (see Build).
	CommonShare int
	CommonMin   int
	// SummaryLen cuts summaries in results to this many characters.
	SummaryLen int
	// Cache, when set, keeps each document's terms for the next build.
	Cache *Cache
}

// File is one output file below the site root.
type File struct {
	Name string
	Data []byte
}

// Index is the built search index.
type Index struct {
	Files []File
	// Meta is the name of the file the search page loads first, in Dir.
	Meta string
	// Counts holds, per facet and key, how many documents have it.
	Counts map[string]map[string]int
}

// InlineFacet is the largest facet column, compressed, kept inside the
// meta file.
const InlineFacet = 1024

// Dir is the folder the index is written to, relative to the site root.
const Dir = "search/idx/"

// posting is a document's number and the weight of a term in it (bits:
// 4 title, 2 summary or names, 1 repeated in the body), in one word: at
// 10,000 entries there are millions, kept between rebuilds.
type posting uint32

func newPosting(doc int32, weight byte) posting { return posting(uint32(doc)<<3 | uint32(weight&7)) }

func (p posting) doc() int32   { return int32(p >> 3) }
func (p posting) weight() byte { return byte(p & 7) }

// Build indexes n documents, asking next for each in turn so that their
// texts can be dropped as soon as they are tokenized. The output is the
// same bytes for the same input.
func Build(n int, next func(i int) Doc, opt Options) (*Index, error) {
	if opt.Shards == 0 {
		opt.Shards = 64
	}
	if opt.ShardBytes == 0 {
		opt.ShardBytes = 24 << 10
	}
	if opt.Chunks == 0 {
		opt.Chunks = 120
	}
	if opt.ChunkDocs == 0 {
		opt.ChunkDocs = 64
	}
	if opt.CommonShare == 0 {
		opt.CommonShare = 20
	}
	if opt.CommonMin == 0 {
		opt.CommonMin = 100
	}
	if opt.SummaryLen == 0 {
		opt.SummaryLen = 180
	}
	if n >= 1<<29 {
		return nil, fmt.Errorf("search: %d documents; a posting numbers at most %d", n, 1<<29-1)
	}
	cache := opt.Cache
	if cache == nil {
		cache = NewCache() // a dictionary for this build alone
	}
	cache.begin()
	docs, docTerms := cache.arrays(n)
	// seen holds, by term number, what this document's text says of the
	// term: inTitle and inMeta are its weights, once and twice in the body
	// (weight 1 when twice). touched lists the terms seen.
	const (
		inBody   = 1 << 3
		inTitle  = 4
		inMeta   = 2
		twice    = 1
		wasFound = 1 << 7
	)
	var seen []byte
	var touched []uint32
	// A build for itself alone encodes the postings as it reads the
	// documents; one with a cache keeps each document's terms, so that
	// the next build can patch the postings (see Cache.patch).
	var stream *postingStream
	if opt.Cache == nil {
		stream = &postingStream{}
	}
	mark := func(tok []byte, bits byte) {
		id := cache.internBytes(tok)
		if int(id) >= len(seen) {
			seen = append(seen, make([]byte, int(id)+1-len(seen)+len(seen)/2)...)
		}
		s := seen[id]
		if s == 0 {
			touched = append(touched, id)
		}
		if bits == inBody && s&inBody != 0 {
			bits = twice
		}
		seen[id] = s | bits | wasFound
	}
	for id := range n {
		d := next(id)
		// A document kept from a build of other languages or facets (the
		// cache is dropped when the data files change) is not used.
		if c, ok := cache.get(d.Key); ok && d.Key != 0 && len(c.doc.display) == len(opt.Langs) && len(c.doc.facetKeys) == len(opt.Facets) {
			docs[id], docTerms[id] = c.doc, c.terms
			continue
		}
		if d.Title == nil && d.Key != 0 {
			return nil, fmt.Errorf("search: document %d left out its text but is not cached", id)
		}
		touched = touched[:0]
		for _, t := range d.Title {
			eachToken(t, func(tok []byte) { mark(tok, inTitle) })
		}
		for _, t := range d.Meta {
			eachToken(t, func(tok []byte) { mark(tok, inMeta) })
		}
		for _, t := range d.Body {
			eachToken(t, func(tok []byte) { mark(tok, inBody) })
		}
		var kept []termWeight
		if stream == nil {
			kept = make([]termWeight, 0, len(touched))
		}
		for _, tid := range touched {
			if w := seen[tid] & (inTitle | inMeta | twice); stream != nil {
				stream.add(tid, int32(id), w)
			} else {
				kept = append(kept, newTermWeight(tid, w))
			}
			seen[tid] = 0
		}
		d.Title, d.Meta, d.Body = nil, nil, nil
		d.facets = facetsKey(d.Facets)
		d.compact(opt)
		docs[id], docTerms[id] = d, kept
		if d.Key != 0 && opt.Cache != nil {
			cache.put(d.Key, cachedDoc{d, kept})
		}
	}
	// A term in more than CommonShare of the documents keeps only its
	// title and summary postings and is marked common with a leading "!":
	// the client ranks with it but does not require it, as it would match
	// nearly everything. This is what keeps shards small on large sites.
	common := max(opt.CommonMin, len(docs)/opt.CommonShare)
	var ids []uint32
	var enc []string
	if stream != nil {
		ids, enc = stream.encoded(cache.terms, common)
	} else if ids, enc = cache.patch(docs, docTerms, common); ids == nil {
		ids, enc = cache.index(docs, docTerms, common)
	}
	clear(docTerms)
	cache.end(len(ids))
	terms := make([]string, len(ids))
	encoded := make([]string, len(ids))
	total := 0
	for i, tid := range ids {
		terms[i], encoded[i] = cache.terms[tid], enc[tid]
		total += len(terms[i]) + len(encoded[i]) + 6
	}

	idx := &Index{Counts: map[string]map[string]int{}}
	nShards := min(opt.Shards, max(1, (total+opt.ShardBytes-1)/opt.ShardBytes))
	shardNames, bounds := []string{}, []string{}
	target := (total + nShards - 1) / nShards
	start, size := 0, 0
	flush := func(end int) {
		if end == start {
			return
		}
		if start > 0 {
			bounds = append(bounds, terms[start])
		}
		// A shard of the same terms and postings as in an earlier build
		// is the same file.
		k := mix(uint64(len(shardNames)), uint64(end-start))
		for i := start; i < end; i++ {
			k = mix(mix(k, maphash.String(sizeSeed, terms[i])), maphash.String(sizeSeed, encoded[i]))
		}
		if f, ok := cache.file(k); ok && opt.Cache != nil {
			idx.Files = append(idx.Files, f)
			shardNames = append(shardNames, path.Base(f.Name))
			start, size = end, 0
			return
		}
		obj := make(map[string]string, end-start)
		for i := start; i < end; i++ {
			obj[terms[i]] = encoded[i]
		}
		name := idx.add(fmt.Sprintf("t%d", len(shardNames)), "t", len(shardNames), obj)
		shardNames = append(shardNames, name)
		if opt.Cache != nil {
			cache.putFile(k, idx.Files[len(idx.Files)-1])
		}
		start, size = end, 0
	}
	for i, t := range terms {
		size += len(t) + len(encoded[i]) + 6
		if size >= target && len(shardNames) < nShards-1 {
			flush(i + 1)
		}
	}
	flush(len(terms))
	if len(shardNames) == 0 {
		// A site without words still gets a shard, so a query has a file
		// to load.
		shardNames = append(shardNames, idx.add("t0", "t", 0, map[string]string{}))
	}

	chunkDocs := max(opt.ChunkDocs, (len(docs)+opt.Chunks-1)/max(opt.Chunks, 1))
	collIndex := map[string]int{}
	for i, c := range opt.Collections {
		collIndex[c] = i
	}
	chunkNames := []string{}
	for lo := 0; lo < len(docs); lo += chunkDocs {
		// A chunk of documents all known by key is kept whole.
		memo := opt.Cache != nil
		ck := mix(uint64(len(chunkNames)), uint64(opt.SummaryLen))
		for _, d := range docs[lo:min(lo+chunkDocs, len(docs))] {
			memo = memo && d.Key != 0
			ck = mix(ck, d.Key)
		}
		if memo {
			if f, ok := cache.file(ck); ok {
				idx.Files = append(idx.Files, f)
				chunkNames = append(chunkNames, path.Base(f.Name))
				continue
			}
		}
		var rows [][]any
		for _, d := range docs[lo:min(lo+chunkDocs, len(docs))] {
			open := 0
			if d.Open {
				open = 1
			}
			row := []any{collIndex[d.Collection], d.Slug, d.Label, open}
			for i := range opt.Langs {
				disp := d.display[i]
				if i > 0 && disp == d.display[0] {
					row = append(row, 0)
					continue
				}
				row = append(row, disp[0], cut(disp[1], opt.SummaryLen))
			}
			rows = append(rows, row)
		}
		chunkNames = append(chunkNames, idx.add(fmt.Sprintf("d%d", len(chunkNames)), "d", len(chunkNames), rows))
		if memo {
			cache.putFile(ck, idx.Files[len(idx.Files)-1])
		}
	}

	cache.sweepFiles()
	updated := make([]byte, 0, len(docs)*3)
	for _, d := range docs {
		updated = appendFixed(updated, max(d.Updated, 0), 3)
	}
	updatedName := idx.add("u", "u", 0, string(updated))

	meta := map[string]any{
		"n":       len(docs),
		"chunk":   chunkDocs,
		"chunks":  chunkNames,
		"shards":  shardNames,
		"bounds":  bounds,
		"updated": updatedName,
		"langs":   opt.Langs,
	}
	var colls [][]any
	for _, c := range opt.Collections {
		first, n := -1, 0
		for i, d := range docs {
			if d.Collection == c {
				if first < 0 {
					first = i
				}
				n++
			}
		}
		colls = append(colls, []any{c, max(first, 0), n})
	}
	meta["collections"] = colls
	// Facet columns of more than InlineFacet compressed bytes get a file of their own,
	// loaded when the reader opens that facet or filters by it.
	facets := map[string]any{}
	used := map[uint64]facetColumn{}
	for i, f := range opt.Facets {
		// A column whose documents have the same keys as in the last
		// build is not encoded again.
		k := mix(maphash.String(sizeSeed, f.Name), uint64(len(f.Values)))
		for _, v := range f.Values {
			k = mix(k, maphash.String(sizeSeed, v))
		}
		for _, d := range docs {
			k = mix(k, d.facets)
		}
		fc, ok := cache.facetCols[k]
		if !ok {
			col, counts, err := encodeFacet(docs, i, f)
			if err != nil {
				return nil, err
			}
			fc = facetColumn{col, counts}
		}
		used[k] = fc
		col, counts := fc.col, fc.counts
		idx.Counts[f.Name] = counts
		if cache.gzipSize(col) <= InlineFacet {
			facets[f.Name] = map[string]any{"values": f.Values, "col": col}
			continue
		}
		facets[f.Name] = map[string]any{"values": f.Values, "file": idx.add("f-"+f.Name, "f", i, col)}
	}
	order := []string{}
	for _, f := range opt.Facets {
		order = append(order, f.Name)
	}
	cache.facetCols = used
	meta["facetOrder"] = order
	meta["facets"] = facets
	idx.addAs(MetaName, "m", 0, meta)
	idx.Meta = MetaName
	return idx, nil
}

// MetaName is the file the client loads first. Its name is fixed, so pages
// need not change when the index does; the client asks for it afresh on
// every page load, and it names every other file by content.
const MetaName = "meta.js"

// add writes data as a script that hands it to the client loader, named
// after its content so hosts may cache it for ever.
func (idx *Index) add(base, kind string, n int, data any) string {
	b := script(kind, n, data)
	sum := sha256.Sum256(b)
	name := base + "." + hex.EncodeToString(sum[:4]) + ".js"
	idx.Files = append(idx.Files, File{Name: Dir + name, Data: b})
	return name
}

func (idx *Index) addAs(name, kind string, n int, data any) {
	idx.Files = append(idx.Files, File{Name: Dir + name, Data: script(kind, n, data)})
}

func script(kind string, n int, data any) []byte {
	js, _ := json.Marshal(data)
	var b bytes.Buffer
	fmt.Fprintf(&b, "EMINE.%s(%d,", kind, n)
	b.Write(js)
	b.WriteString(");\n")
	return b.Bytes()
}

// cut shortens s to at most n characters at a word boundary, with "…".
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	r = r[:n]
	if i := strings.LastIndexByte(string(r), ' '); i > len(string(r))/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// alphabet is the 64 characters numbers are written in: safe in JSON and
// in URLs.
const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// appendVarint writes n five bits a character, least significant first;
// characters 32..63 say another character follows.
func appendVarint(b []byte, n int) []byte {
	for n >= 32 {
		b = append(b, alphabet[32+(n&31)])
		n >>= 5
	}
	return append(b, alphabet[n])
}

func appendFixed(b []byte, n, width int) []byte {
	for i := width - 1; i >= 0; i-- {
		b = append(b, alphabet[(n>>(6*i))&63])
	}
	return b
}

// postingStream encodes each term's postings as the documents are
// tokenized, in document order, for a build without a cache, which keeps
// nothing for the next. It gives what Cache.index works out from every
// document's terms and a posting array, 4 bytes a posting each, without
// holding either: at 30,000 entries (12 million postings) the index needs
// about 50 MB of heap beside the rest of the build, against 123 MB.
type postingStream struct {
	all    []streamed // by term id: every posting
	strong []streamed // by term id: those a common term keeps (weight 2 and up)
}

// streamed is a term's postings so far, encoded as encodePostings does,
// with the last document added (plus one) and how many there are.
type streamed struct {
	enc  []byte
	last int32
	n    int32
}

func (s *streamed) add(doc int32, weight byte) {
	s.enc = appendVarint(s.enc, int(doc-s.last)<<3|int(weight))
	s.last = doc + 1
	s.n++
}

func (s *postingStream) add(tid uint32, doc int32, weight byte) {
	if int(tid) >= len(s.all) {
		grow := int(tid) + 1 - len(s.all) + len(s.all)/2
		s.all = append(s.all, make([]streamed, grow)...)
		s.strong = append(s.strong, make([]streamed, grow)...)
	}
	s.all[tid].add(doc, weight)
	if weight >= 2 {
		s.strong[tid].add(doc, weight)
	}
}

// encoded returns what Cache.index does: the term ids with postings in
// the order of their names, and the encoded postings by term id.
func (s *postingStream) encoded(names []string, common int) ([]uint32, []string) {
	var ids []uint32
	enc := make([]string, len(names))
	for tid := range s.all {
		switch t := &s.all[tid]; {
		case t.n == 0:
			continue
		case int(t.n) > common:
			enc[tid] = "!" + string(s.strong[tid].enc)
		default:
			enc[tid] = string(t.enc)
		}
		ids = append(ids, uint32(tid))
		s.all[tid], s.strong[tid] = streamed{}, streamed{}
	}
	s.all, s.strong = nil, nil
	slices.SortFunc(ids, func(a, b uint32) int { return strings.Compare(names[a], names[b]) })
	return ids, enc
}

// encodeTerm encodes a term's postings; a common term keeps only those of
// titles and summaries, behind a "!".
func encodeTerm(ps []posting, common int) string {
	if len(ps) <= common {
		return encodePostings(ps)
	}
	kept := make([]posting, 0, len(ps)/4)
	for _, p := range ps {
		if p.weight() >= 2 {
			kept = append(kept, p)
		}
	}
	return "!" + encodePostings(kept)
}

func encodePostings(ps []posting) string {
	b := make([]byte, 0, len(ps)*2)
	prev := -1
	for _, p := range ps {
		b = appendVarint(b, (int(p.doc())-prev-1)<<3|int(p.weight()))
		prev = int(p.doc())
	}
	return string(b)
}

// gzipSize is the size of b compressed as a host would serve it.
func gzipSize(b []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Len()
}

// encodeFacet writes, for every document, the codes of its keys for f (the
// fi-th of the options' facets) followed by "." (one character a key, or
// two when a facet has over 63 keys).
func encodeFacet(docs []Doc, fi int, f Facet) (string, map[string]int, error) {
	code := make(map[string]int, len(f.Values))
	for i, v := range f.Values {
		code[v] = i
	}
	width := 1
	if len(f.Values) > 63 {
		width = 2
	}
	if len(f.Values) > 64*64 {
		return "", nil, fmt.Errorf("search: facet %s has %d keys; at most 4096 fit", f.Name, len(f.Values))
	}
	n := make([]int, len(f.Values))
	b := make([]byte, 0, len(docs)*2)
	for _, d := range docs {
		keys := d.facetKeys[fi]
		for i, v := range keys {
			if slices.Contains(keys[:i], v) {
				continue
			}
			c, ok := code[v]
			if !ok {
				return "", nil, fmt.Errorf("search: facet %s has no key %q", f.Name, v)
			}
			n[c]++
			b = appendFixed(b, c, width)
		}
		b = append(b, '.')
	}
	counts := map[string]int{}
	for i, v := range f.Values {
		if n[i] > 0 {
			counts[v] = n[i]
		}
	}
	return string(b), counts, nil
}

// facetsKey fingerprints a document's facet keys.
func facetsKey(facets map[string][]string) uint64 {
	names := make([]string, 0, len(facets))
	for n := range facets {
		names = append(names, n)
	}
	slices.Sort(names)
	k := uint64(len(names))
	for _, n := range names {
		k = mix(mix(k, maphash.String(sizeSeed, n)), uint64(len(facets[n])))
		for _, v := range facets[n] {
			k = mix(k, maphash.String(sizeSeed, v))
		}
	}
	return k
}

type facetColumn struct {
	col    string
	counts map[string]int
}

// mix combines two fingerprints (the finalizer of SplitMix64).
func mix(h, x uint64) uint64 {
	x ^= h + 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
