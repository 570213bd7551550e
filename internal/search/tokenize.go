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
	"unicode/utf8"

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
	eachToken(text, func(tok []byte) { out = append(out, string(tok)) })
	return out
}

// eachToken calls emit with the terms of text, as Tokens returns them, in a
// buffer it reuses: emit copies what it keeps. Runs of ASCII, most of an
// English text, are split and lower-cased as they are; only the rest goes
// through Normalize, which gives the same terms (NFKD decomposes nothing in
// ASCII and reorders nothing across it, and every letter Normalize folds
// is outside it).
func eachToken(text string, emit func([]byte)) {
	t := tokenizer{emit: emit}
	for i := 0; i < len(text); {
		j := i
		for j < len(text) && text[j] < utf8.RuneSelf {
			c := text[j]
			switch {
			case 'A' <= c && c <= 'Z':
				t.letter(rune(c + 'a' - 'A'))
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
				t.letter(rune(c))
			default:
				t.flushWord()
				t.flushHan()
			}
			j++
		}
		i = j
		for j < len(text) && text[j] >= utf8.RuneSelf {
			j++
		}
		if j > i {
			for _, r := range Normalize(text[i:j]) {
				switch {
				case isHan(r):
					t.flushWord()
					t.han = append(t.han, r)
				case unicode.IsLetter(r) || unicode.IsDigit(r):
					t.letter(r)
				default:
					t.flushWord()
					t.flushHan()
				}
			}
			i = j
		}
	}
	t.flushWord()
	t.flushHan()
}

type tokenizer struct {
	emit func([]byte)
	// word is the word being read, in UTF-8, and runes its length in
	// characters; han the run of Han characters being read.
	word  []byte
	runes int
	han   []rune
	buf   []byte
}

func (t *tokenizer) letter(r rune) {
	t.flushHan()
	t.word = utf8.AppendRune(t.word, r)
	t.runes++
}

func (t *tokenizer) flushWord() {
	if len(t.word) > 0 {
		if !(t.runes == 1 && t.word[0] < utf8.RuneSelf) && !stopwords[string(t.word)] {
			t.emit(t.word)
		}
		t.word, t.runes = t.word[:0], 0
	}
}

func (t *tokenizer) flushHan() {
	for i, r := range t.han {
		t.buf = utf8.AppendRune(t.buf[:0], r)
		t.emit(t.buf)
		if i+1 < len(t.han) {
			t.buf = utf8.AppendRune(t.buf, t.han[i+1])
			t.emit(t.buf)
		}
	}
	t.han = t.han[:0]
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
