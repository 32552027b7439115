package retro

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Date is a calendar date with no zone, as written for due dates, reviews
// and history.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf is the calendar date of t in t's own zone.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

func (d Date) IsZero() bool { return d.Year == 0 }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// Compare returns -1, 0 or +1.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp(int(d.Month), int(e.Month))
	}
	return cmp(d.Day, e.Day)
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// QuarterKey is the page name of d's quarter, e.g. 2024-q1.
func (d Date) QuarterKey() string {
	return fmt.Sprintf("%d-q%d", d.Year, (int(d.Month)-1)/3+1)
}

// Time is the start of the day in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

var (
	bareDate      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	localDateTime = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$`)
	localTime     = regexp.MustCompile(`^(\d{2}):(\d{2})(?::(\d{2}))?$`)
	withOffset    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$`)
)

// Clock is a time of day written without a date.
type Clock struct{ Hour, Min, Sec int }

// ParseClock reads HH:MM[:SS].
func ParseClock(s string) (Clock, bool) {
	m := localTime.FindStringSubmatch(s)
	if m == nil {
		return Clock{}, false
	}
	c := Clock{atoi(m[1]), atoi(m[2]), atoi(m[3])}
	return c, c.Hour < 24 && c.Min < 60 && c.Sec < 60
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// ParseInstant reads `YYYY-MM-DD HH:MM[:SS]` in loc, or RFC 3339 with an
// offset that must be loc's offset at that instant (the timeline is in one
// zone). A local time that does not exist in loc (a DST gap) is an error; an
// ambiguous one takes the earlier offset, as the SPEC says.
func ParseInstant(s string, loc *time.Location) (time.Time, error) {
	if m := localDateTime.FindStringSubmatch(s); m != nil {
		return Local(atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3]), Clock{atoi(m[4]), atoi(m[5]), atoi(m[6])}, loc)
	}
	if withOffset.MatchString(s) {
		layout := time.RFC3339
		if s[10] == ' ' {
			s = s[:10] + "T" + s[11:]
		}
		t, err := time.Parse(layout, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("%q is not a valid time: %v", s, err)
		}
		_, want := t.In(loc).Zone()
		// RFC 3339 offsets have no seconds, which some zones' old local
		// mean times do: an offset within a minute of the zone's is its.
		if _, got := t.Zone(); got/60 != want/60 {
			return time.Time{}, fmt.Errorf("%q has offset %s but %s is at %s then: the timeline is in one zone",
				s, offset(got), loc, offset(want))
		}
		return t.In(loc), nil
	}
	return time.Time{}, fmt.Errorf("%q is not a time: write YYYY-MM-DD HH:MM, or RFC 3339 with the zone's offset", s)
}

func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d:%02d", sign, sec/3600, sec/60%60)
}

// Local is the instant of a wall-clock time in loc.
func Local(y int, mo time.Month, d int, c Clock, loc *time.Location) (time.Time, error) {
	if c.Hour > 23 || c.Min > 59 || c.Sec > 59 {
		return time.Time{}, fmt.Errorf("%02d:%02d:%02d is not a time of day", c.Hour, c.Min, c.Sec)
	}
	naive := time.Date(y, mo, d, c.Hour, c.Min, c.Sec, 0, time.UTC)
	if naive.Day() != d || naive.Month() != mo {
		return time.Time{}, fmt.Errorf("%04d-%02d-%02d is not a date", y, int(mo), d)
	}
	// The offsets in force a day either side cover every transition that
	// could make this wall-clock time missing or ambiguous.
	var found []time.Time
	for _, probe := range []time.Time{naive.Add(-26 * time.Hour), naive.Add(26 * time.Hour)} {
		_, off := probe.In(loc).Zone()
		t := naive.Add(-time.Duration(off) * time.Second).In(loc)
		if _, o := t.Zone(); o == off && (len(found) == 0 || !found[0].Equal(t)) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return time.Time{}, fmt.Errorf("%s does not exist in %s (the clocks skip it for daylight saving time)",
			naive.Format("2006-01-02 15:04:05"), loc)
	case 2:
		if found[1].Before(found[0]) {
			return found[1], nil
		}
	}
	return found[0], nil
}
