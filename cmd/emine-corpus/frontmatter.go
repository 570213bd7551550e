package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// frontMatter builds a YAML front matter block the way an editor writes
// one: plain keys, quoted text, flow lists of keys and slugs.
type frontMatter struct {
	b strings.Builder
}

// raw writes key: value with value as given (numbers, booleans, keys).
func (f *frontMatter) raw(indent int, key, value string) {
	f.b.WriteString(strings.Repeat("  ", indent))
	f.b.WriteString(key)
	if value == "" {
		f.b.WriteString(":\n")
		return
	}
	f.b.WriteString(": ")
	f.b.WriteString(value)
	f.b.WriteByte('\n')
}

// str writes a double-quoted string; the vocabulary has no characters that
// YAML and Go quote differently.
func (f *frontMatter) str(indent int, key, value string) { f.raw(indent, key, strconv.Quote(value)) }

// keys writes a flow list of keys or slugs; an empty list writes nothing.
func (f *frontMatter) keys(indent int, key string, list []string) {
	if len(list) > 0 {
		f.raw(indent, key, "["+strings.Join(list, ", ")+"]")
	}
}

// object starts a nested mapping.
func (f *frontMatter) object(indent int, key string) { f.raw(indent, key, "") }

// strs writes a block list of quoted strings.
func (f *frontMatter) strs(indent int, key string, list []string) {
	f.object(indent, key)
	for _, s := range list {
		f.b.WriteString(strings.Repeat("  ", indent+1))
		f.b.WriteString("- ")
		f.b.WriteString(strconv.Quote(s))
		f.b.WriteByte('\n')
	}
}

// file returns the whole entry file: the front matter between --- lines,
// then the body.
func (f *frontMatter) file(body string) []byte {
	return []byte("---\n" + f.b.String() + "---\n" + body)
}

// Dates are generated as days after a start date, always in UTC.
var (
	firstUpdated = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	lastUpdated  = time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
)

func day(t time.Time) string { return t.Format(time.DateOnly) }

// dateBetween returns a random day in [from, to].
func (g *generator) dateBetween(from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours() / 24)
	return from.AddDate(0, 0, g.rng.IntN(days+1))
}

// updated returns an entry's updated date and the later (or equal) date of
// its translation, both between 2020-01-01 and 2026-10-31, so that no
// translation is stale.
func (g *generator) updated() (entry, translation time.Time) {
	entry = g.dateBetween(firstUpdated, lastUpdated)
	translation = entry.AddDate(0, 0, g.rng.IntN(60))
	if translation.After(lastUpdated) {
		translation = lastUpdated
	}
	return entry, translation
}

// common writes the fields every collection starts with.
func (f *frontMatter) common(title, summary string, updated time.Time) {
	f.str(0, "title", title)
	f.str(0, "summary", summary)
	f.str(0, "updated", day(updated))
}

// sources writes one to four sources on example.org.
func (g *generator) sources(f *frontMatter, it *item) {
	f.object(0, "sources")
	for k := range 1 + g.rng.IntN(4) {
		pub := pick(g, publishers)
		title := fmt.Sprintf("%s: %s (%s %d)", pub, pick(g, sourceTopics), pick(g, months), 2000+g.rng.IntN(27))
		f.str(1, "- title", title)
		f.raw(2, "url", fmt.Sprintf("https://example.org/sources/%s/%s-%d", slugify(pub), it.slug, k+1))
	}
}

// translation writes a Chinese translation file: title, summary, updated and
// the body, plus the translatable fields the caller adds.
func translation(title, summary string, updated time.Time, extra func(f *frontMatter), body string) []byte {
	var f frontMatter
	f.common(title, summary, updated)
	if extra != nil {
		extra(&f)
	}
	return f.file(body)
}

// refs picks up to k distinct items of list, in list order.
func (g *generator) refs(list []*item, k int, exclude *item) []*item {
	return sample(g, list, k, exclude)
}

func slugs(list []*item) []string {
	out := make([]string, len(list))
	for i, it := range list {
		out[i] = it.slug
	}
	return out
}

// clip shortens s to at most n characters at a word boundary, for fields
// with a length limit.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;") + "…"
}

func ff(x float64, prec int) string { return strconv.FormatFloat(x, 'f', prec, 64) }
