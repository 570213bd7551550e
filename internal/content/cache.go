package content

import (
	"hash/maphash"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/schema"
)

// Cache keeps parsed and checked content files between loads of the same
// source, for rebuilds after a change: a file is read and parsed again
// only when it is new, when it was named as changed, or when the rules it
// was checked against (the taxonomies, today's date) changed. The zero
// value is not usable; call NewCache.
type Cache struct {
	mu      sync.Mutex
	checker uint64
	files   map[string]result
	stale   map[string]bool
	all     bool
	// list and listErrs are the last walk of content/, kept while only
	// files already in it change.
	list     []file
	listErrs entry.ErrorList
}

// listing returns the last walk of content/ when it still holds: every
// file named as changed below content/ was in it and is still a file.
func (c *Cache) listing(fsys fs.FS) ([]file, entry.ErrorList, bool) {
	if c == nil {
		return nil, nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.list == nil || c.all {
		return nil, nil, false
	}
	for p := range c.stale {
		if !strings.HasPrefix(p, "content/") {
			continue
		}
		if _, ok := c.files[p]; !ok {
			return nil, nil, false
		}
		// Lstat: a file replaced by a symbolic link must be walked again,
		// so that the walk refuses it.
		if fi, err := fs.Lstat(fsys, p); err != nil || !fi.Mode().IsRegular() {
			return nil, nil, false
		}
	}
	return c.list, c.listErrs, true
}

func (c *Cache) setListing(files []file, errs entry.ErrorList) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.list, c.listErrs = files, errs
}

// NewCache returns an empty cache: the first load parses every file.
func NewCache() *Cache { return &Cache{files: map[string]result{}, stale: map[string]bool{}} }

// Changed marks files as changed since the last load (slash-separated
// paths relative to the site root). A path outside content/ changes
// nothing here; nil paths mark everything.
func (c *Cache) Changed(paths []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if paths == nil {
		c.all = true
	}
	for _, p := range paths {
		c.stale[p] = true
	}
}

// get returns the result kept for f, if it is still good.
func (c *Cache) get(f file) (result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.files[f.path]
	if !ok || c.all || c.stale[f.path] {
		return result{}, false
	}
	return r, true
}

func (c *Cache) put(f file, r result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files[f.path] = r
}

// begin starts a load with the checker's rules: results checked under
// other rules are dropped.
func (c *Cache) begin(checker *schema.Checker) {
	key := checkerKey(checker)
	c.mu.Lock()
	defer c.mu.Unlock()
	if key != c.checker {
		clear(c.files)
		c.checker = key
	}
}

// end forgets the files that are gone and the change marks.
func (c *Cache) end(files []file) {
	c.mu.Lock()
	defer c.mu.Unlock()
	keep := make(map[string]bool, len(files))
	for _, f := range files {
		keep[f.path] = true
	}
	for p := range c.files {
		if !keep[p] {
			delete(c.files, p)
		}
	}
	clear(c.stale)
	c.all = false
}

var seed = maphash.MakeSeed()

// checkerKey sums up what a file's check depends on besides the file.
func checkerKey(ch *schema.Checker) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(ch.Today.String())
	names := make([]string, 0, len(ch.Taxonomies))
	for n := range ch.Taxonomies {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		h.WriteString("\x00" + n)
		for _, t := range ch.Taxonomies[n].Terms {
			h.WriteString("\x01" + t.Key + "\x02" + t.Group)
		}
	}
	return h.Sum64()
}

// sourceHash fingerprints a file's text, for entry.Entry.Source.
func sourceHash(path string, src []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(path)
	h.WriteByte(0)
	h.Write(src)
	return h.Sum64()
}

// entrySource combines an entry's fingerprint with its translations'.
func entrySource(own uint64, trans map[string]uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	var b [8]byte
	put := func(x uint64) {
		for i := range b {
			b[i] = byte(x >> (8 * i))
		}
		h.Write(b[:])
	}
	put(own)
	langs := make([]string, 0, len(trans))
	for l := range trans {
		langs = append(langs, l)
	}
	slices.Sort(langs)
	for _, l := range langs {
		h.WriteString(strings.ToLower(l))
		put(trans[l])
	}
	return h.Sum64()
}

// Edit is a change to one entry or translation file that Cache.Edits
// found clean.
type Edit struct {
	file file
	r    result
	// Front is set when the front matter changed, not only the body.
	Front bool
}

// Edits reads paths again and reports whether each is an entry or
// translation file that the last load parsed, under the same rules,
// without a problem, and that still parses without one. Whether the edit
// changes what other entries' pages show is for ApplyEdits to decide. The
// cache is left as it was: ApplyEdits keeps the edits.
func (c *Cache) Edits(fsys fs.FS, paths []string, checker *schema.Checker) ([]Edit, bool) {
	if c == nil || len(paths) == 0 {
		return nil, false
	}
	c.mu.Lock()
	stale := c.all || checkerKey(checker) != c.checker
	old := make([]result, len(paths))
	files := make([]file, len(paths))
	for i, p := range paths {
		r, ok := c.files[p]
		f, fok := c.fileOf(p)
		if !ok || !fok || f.yaml || r.front == 0 || len(r.errs) > 0 {
			stale = true
			break
		}
		old[i], files[i] = r, f
	}
	c.mu.Unlock()
	if stale {
		return nil, false
	}
	edits := make([]Edit, len(paths))
	for i, f := range files {
		// Lstat: a file replaced by a symbolic link goes the long way,
		// which refuses it.
		if fi, err := fs.Lstat(fsys, f.path); err != nil || !fi.Mode().IsRegular() {
			return nil, false
		}
		r := parseFile(fsys, f, checker, false)
		if len(r.errs) > 0 {
			return nil, false
		}
		edits[i] = Edit{file: f, r: r, Front: r.front != old[i].front}
	}
	return edits, true
}

// fileOf returns the listed file at p; c.mu is held.
func (c *Cache) fileOf(p string) (file, bool) {
	for _, f := range c.list {
		if f.path == p {
			return f, true
		}
	}
	return file{}, false
}

// ApplyEdits keeps the edits and makes them on the entries of d, the
// directory of the last load, in place (the entries keep their addresses,
// which the site's indexes hold). An entry whose front matter changed is
// changed only if same(old, next) holds for it as it was and as it would
// become: the caller says whether the change leaves every other entry as it
// was. It returns the entries changed, or false, leaving d and the cache
// unchanged, when an edit's entry is not in d (a draft left out, say), a
// body appears or goes (other pages say which languages an entry is
// written in), or same refuses.
func (c *Cache) ApplyEdits(d *entry.Directory, edits []Edit, same func(old, next *entry.Entry) bool) ([]*entry.Entry, bool) {
	find := func(f file) *entry.Entry {
		list := d.Pages
		if f.collection != "" {
			list = d.Entries[f.collection]
		}
		i, ok := slices.BinarySearchFunc(list, f.slug, func(e *entry.Entry, slug string) int { return strings.Compare(e.Slug, slug) })
		if !ok {
			return nil
		}
		return list[i]
	}
	var changed []*entry.Entry
	next := map[*entry.Entry]*entry.Entry{}
	front := map[*entry.Entry]bool{}
	for _, ed := range edits {
		e := find(ed.file)
		if e == nil {
			return nil, false
		}
		n := next[e]
		if n == nil {
			cp := *e
			cp.Translations = maps.Clone(e.Translations)
			n = &cp
			next[e] = n
			changed = append(changed, e)
		}
		if ed.file.lang != "" {
			t, nt := n.Translations[ed.file.lang], ed.r.trans
			if t == nil || nt == nil || (t.Body == "") != (nt.Body == "") {
				return nil, false
			}
			n.Translations[ed.file.lang] = nt
		} else {
			ne := ed.r.entry
			if ne == nil || (n.Body == "") != (ne.Body == "") {
				return nil, false
			}
			if ed.Front {
				// The parsed entry may be kept by the cache: copy it.
				tr := n.Translations
				*n = *ne
				n.Translations = tr
			} else {
				n.Body = ne.Body
			}
		}
		if ed.Front {
			front[e] = true
		}
	}
	for e := range front {
		if e.Collection == "" || !same(e, next[e]) {
			return nil, false
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ed := range edits {
		c.files[ed.file.path] = ed.r
		delete(c.stale, ed.file.path)
	}
	for _, e := range changed {
		*e = *next[e]
		// A clean directory keeps no field positions (see Load).
		e.Fields = nil
		trans := map[string]uint64{}
		for l, t := range e.Translations {
			trans[l] = c.files[t.File].hash
		}
		e.Source = entrySource(c.files[e.File].hash, trans)
	}
	return changed, true
}
