package entry

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date that may be known only to the year or month:
// sources often say "2002" or "March 2025", and the directory must not invent
// a day. Month and Day are zero when unknown.
type Date struct {
	Year  int
	Month int
	Day   int
}

// ParseDate reads YYYY-MM-DD, YYYY-MM or YYYY and rejects dates that do not
// exist (2025-02-30).
func ParseDate(s string) (Date, error) {
	var d Date
	switch len(s) {
	case 10:
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return d, fmt.Errorf("%q is not a day of the calendar (YYYY-MM-DD; write YYYY-MM or YYYY when the day is not known)", s)
		}
		return Date{t.Year(), int(t.Month()), t.Day()}, nil
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return d, fmt.Errorf("%q is not a month in the form YYYY-MM", s)
		}
		return Date{t.Year(), int(t.Month()), 0}, nil
	case 4:
		y, err := strconv.Atoi(s)
		if err != nil || y < 1000 {
			return d, fmt.Errorf("%q is not a year", s)
		}
		return Date{Year: y}, nil
	}
	return d, fmt.Errorf("%q is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY when the day is not known)", s)
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats the date with the precision it has.
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Compare orders dates; a date known to the year only sorts at the start of
// that year.
func (d Date) Compare(o Date) int {
	a, b := d.key(), o.key()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (d Date) key() int { return d.Year*10000 + d.Month*100 + d.Day }

// Time returns the date at midnight UTC, using the first month or day where
// they are unknown.
func (d Date) Time() time.Time {
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// FromTime returns the full date of t.
func FromTime(t time.Time) Date { return Date{t.Year(), int(t.Month()), t.Day()} }

// UnmarshalText parses the date with ParseDate.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText writes the date as String does.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
