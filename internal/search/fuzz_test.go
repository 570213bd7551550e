package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzTokens: tokens are those of the plain rule (refTokens), non-empty,
// with no spaces or marks, and normalising twice changes nothing.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Copper Mine", "铜矿项目", "بلوچستاني كان", "Café", "\u0301\u200c", "MCC中冶",
		"e\u0301 A\u030a\u0323b", "ＡＢＣ x²y ﬁne", "Pak–China’s 2,000 km²", "\u212a I\u0307"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // content is checked to be UTF-8 before it is indexed
		}
		if got, want := Tokens(s), refTokens(s); !slices.Equal(got, want) {
			t.Fatalf("Tokens(%q) = %q, the plain rule gives %q", s, got, want)
		}
		for _, tok := range Tokens(s) {
			if tok == "" || strings.ContainsFunc(tok, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) }) {
				t.Fatalf("Tokens(%q) gave %q", s, tok)
			}
		}
		if n := Normalize(s); Normalize(n) != n {
			t.Fatalf("Normalize is not stable on %q", s)
		}
	})
}

// decodePostings is the client's decoder (static/search.js) in Go.
func decodePostings(s string) []posting {
	var out []posting
	doc, n, shift := -1, 0, 0
	for i := 0; i < len(s); i++ {
		c := strings.IndexByte(alphabet, s[i])
		if c >= 32 {
			n |= (c - 32) << shift
			shift += 5
			continue
		}
		n |= c << shift
		doc += n>>3 + 1
		out = append(out, newPosting(int32(doc), byte(n&7)))
		n, shift = 0, 0
	}
	return out
}

// FuzzPostings: postings encoded by the index decode, as the client reads
// them, to the same documents and weights.
func FuzzPostings(f *testing.F) {
	f.Add([]byte{0, 1, 5, 200, 7})
	f.Fuzz(func(t *testing.T, gaps []byte) {
		var ps []posting
		doc := -1
		for i, g := range gaps {
			doc += int(g)*37 + 1
			ps = append(ps, newPosting(int32(doc), byte(i%8)))
		}
		got := decodePostings(encodePostings(ps))
		if len(got) != len(ps) {
			t.Fatalf("%d postings decode to %d", len(ps), len(got))
		}
		for i := range ps {
			if got[i] != ps[i] {
				t.Fatalf("posting %d: %v, want %v", i, got[i], ps[i])
			}
		}
	})
}

// refTokens is Tokens as its doc states it, one character at a time over
// the whole normalised text: the fast path of eachToken must give the same.
func refTokens(text string) []string {
	var out []string
	var word, han []rune
	flushWord := func() {
		if len(word) > 0 {
			if w := string(word); !(len(word) == 1 && word[0] < 0x80) && !stopwords[w] {
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
