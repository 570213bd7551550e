// Package search builds the static full-text index of the site: a set of
// small JavaScript files that the search page loads with <script> elements
// (so search also works from file://), split so that a query loads only the
// shards it needs.
//
// # Index layout
//
// Documents are the entries of every collection, numbered in display order:
// collection by collection, newest update first. One index serves every
// language: a document's terms come from all its language versions, so a
// Latin query on the Chinese site still finds a partner's Latin name. The
// files are
//
//	search/idx/meta.<hash>.js  counts, shard boundaries, facet columns
//	search/idx/t<N>.<hash>.js  term shards: sorted terms and their postings
//	search/idx/d<N>.<hash>.js  display chunks: slug, titles and summaries
//
// Term shards cover lexicographic ranges of terms, so a prefix and its
// one-edit neighbours are found in one shard. A posting is the gap to the
// previous document and a 3-bit weight: 4 title, 2 summary or facet names,
// 1 repeated in the body.
//
// # Tokens
//
// Text is normalised with NFKD, combining marks removed, lower-cased, and
// Arabic-script letter variants mapped to the forms Urdu uses (ي ى → ی,
// ك → ک, ه ة → ہ). Words are runs of letters and digits; runs of Han
// characters are indexed as single characters and overlapping pairs, so 铜矿
// is found inside 铜矿项目. The JavaScript client applies the same rules.
package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

var arabicFold = strings.NewReplacer(
	"\u064a", "\u06cc", // Arabic yeh → Farsi yeh
	"\u0649", "\u06cc", // alef maksura → Farsi yeh
	"\u0643", "\u06a9", // Arabic kaf → keheh
	"\u0647", "\u06c1", // heh → heh goal
	"\u0629", "\u06c1", // teh marbuta → heh goal
	"\u06c0", "\u06c1", // heh with yeh above → heh goal
	"\u0640", "", // tatweel
	"\u200c", "", // zero-width non-joiner
	"\u200d", "", // zero-width joiner
)

// Normalize folds case, diacritics and Arabic-script letter variants.
func Normalize(s string) string {
	s = norm.NFKD.String(s)
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	return arabicFold.Replace(s)
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// Tokens splits text into index terms: words of letters and digits, and for
// Han text every character and every pair of adjacent characters. English
// stop words and one-letter Latin words are dropped.
func Tokens(text string) []string {
	var out []string
	var word []rune
	var han []rune
	flushWord := func() {
		if len(word) > 0 {
			w := string(word)
			if !(len(word) == 1 && word[0] < 0x80) && !stopwords[w] {
				out = append(out, w)
			}
			word = word[:0]
		}
	}
	flushHan := func() {
		for i := range han {
			out = append(out, string(han[i]))
			if i+1 < len(han) {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	for _, r := range Normalize(text) {
		switch {
		case isHan(r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			word = append(word, r)
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
	return out
}

// stopwords are English words too common to search for.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an and are as at be by for from has have in into is it its of on or
	that the their this to was were which with will under over also than then there these those been per
	not no but can may such other more most its it's he she they we our you your`) {
		stopwords[w] = true
	}
}
