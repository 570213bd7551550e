package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/emine-dev/emine/internal/entry"
)

// Locale formats strings, dates and numbers for one language. Interface
// strings come from data/i18n/<lang>.yaml and fall back to the default
// language, then to the key itself.
type Locale struct {
	Lang     entry.Language
	strings  map[string]string
	fallback map[string]string
}

// T returns the interface string for key, with %s-style arguments applied
// when given.
func (l *Locale) T(key string, args ...any) string {
	s, ok := l.strings[key]
	if !ok {
		s, ok = l.fallback[key]
	}
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is defined in this language or the fallback.
func (l *Locale) Has(key string) bool {
	_, a := l.strings[key]
	_, b := l.fallback[key]
	return a || b
}

// Date formats a date with the precision it has, the way readers of the
// language write it: "28 January 2026", "2026年1月28日", "28 جنوری 2026".
func (l *Locale) Date(d entry.Date) string {
	if d.IsZero() {
		return ""
	}
	y := l.digits(strconv.Itoa(d.Year))
	if d.Month == 0 {
		if l.Lang.Code == "zh" {
			return y + "年"
		}
		return y
	}
	month := l.T(fmt.Sprintf("month.%d", d.Month))
	if l.Lang.Code == "zh" {
		s := y + "年" + strconv.Itoa(d.Month) + "月"
		if d.Day > 0 {
			s += strconv.Itoa(d.Day) + "日"
		}
		return s
	}
	if d.Day == 0 {
		return month + " " + y
	}
	return l.digits(strconv.Itoa(d.Day)) + " " + month + " " + y
}

// digits is where a language's own digits would be applied; the directory
// uses Western digits in every language, as Pakistani official Urdu
// publications and Chinese text do.
func (l *Locale) digits(s string) string { return s }

// Int formats a whole number with grouping: 1,234,567 in English and
// Chinese, 12,34,567 (lakh grouping) in Urdu.
func (l *Locale) Int(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var groups []string
	if l.Lang.Code == "ur" && len(s) > 3 {
		groups = append(groups, s[len(s)-3:])
		s = s[:len(s)-3]
		for len(s) > 2 {
			groups = append([]string{s[len(s)-2:]}, groups...)
			s = s[:len(s)-2]
		}
		if s != "" {
			groups = append([]string{s}, groups...)
		}
	} else {
		for len(s) > 3 {
			groups = append([]string{s[len(s)-3:]}, groups...)
			s = s[:len(s)-3]
		}
		groups = append([]string{s}, groups...)
	}
	out := strings.Join(groups, ",")
	if neg {
		out = "-" + out
	}
	return l.digits(out)
}

// Number formats a number with up to two decimals.
func (l *Locale) Number(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return l.Int(int64(x))
	}
	whole := math.Trunc(x)
	frac := strconv.FormatFloat(math.Abs(x-whole), 'f', 2, 64)
	frac = strings.TrimRight(strings.TrimPrefix(frac, "0"), "0")
	return l.Int(int64(whole)) + frac
}

// scale is a large-number word of a language, e.g. billion or 亿.
type scale struct {
	value float64
	key   string
}

var scales = map[string][]scale{
	"en": {{1e9, "num.billion"}, {1e6, "num.million"}},
	"zh": {{1e8, "num.yi"}, {1e4, "num.wan"}},
	"ur": {{1e9, "num.arab"}, {1e7, "num.crore"}, {1e5, "num.lakh"}},
}

// Amount writes a large figure in the words readers of the language use:
// 5.6 billion, 56亿, 5.6 ارب; small figures are written out with grouping.
func (l *Locale) Amount(x float64) string {
	list, ok := scales[l.Lang.Code]
	if !ok {
		list = scales["en"]
	}
	for _, s := range list {
		if math.Abs(x) >= s.value {
			v := x / s.value
			num := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
			return l.T(s.key, l.digits(num))
		}
	}
	return l.Number(x)
}

// Money formats an amount with its currency, e.g. "US$5.6 billion".
func (l *Locale) Money(amount float64, currency string) string {
	return l.T("currency."+currency, l.Amount(amount))
}
