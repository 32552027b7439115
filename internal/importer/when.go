package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A stamp is a date, a time of day or both as a write-up gives them, before
// they are placed in a zone. Missing parts are filled from the context (the
// date of the entry above, the year of the write-up).
type stamp struct {
	year, day int
	month     time.Month
	hasDate   bool
	hasYear   bool
	weekday   string // as written, to pin a year when none is given

	hour, min, sec int
	hasClock       bool

	zone  string // a zone abbreviation or offset written with it, e.g. "UTC", "PST", "+02:00"
	text  string // the text that was read
	isRng bool   // a range such as 14:20–14:35: it starts at the first time
	note  string // which reading of an ambiguous date was chosen
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "dec": 12, "december": 12,
}

const (
	monthRe   = `(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`
	weekdayRe = `(?i:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?`
	ordRe     = `(?:st|nd|rd|th)?`
	// dayRangeRe is the end of a range of days, "October 29-30, 2025": the
	// year after it is the first day's too.
	dayRangeRe = `(?:\s*[-–]\s*\d{1,2}` + ordRe + `)?`
	zoneRe     = `(?:Z\b|[+-]\d{2}:?\d{2}\b|\b(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|\b(?:PST|PDT|PT|MST|MDT|MT|CST|CDT|CT|EST|EDT|ET|AKST|AKDT|HST|BST|IST|CET|CEST|EET|EEST|WET|WEST|JST|KST|SGT|AEST|AEDT|ACST|NZST|NZDT)\b|\b(?:Eastern|Pacific|Central|Mountain)(?:\s+(?:Standard|Daylight))?(?:\s+Time)?\b|\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z][A-Za-z_-]+(?:/[A-Z][A-Za-z_-]+)?)`
	clockRe    = `(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s?([AaPp])\.?[Mm]\.?)?|(\d{1,2})\s?([AaPp])\.?[Mm]\.?`
)

var (
	// isoDate also takes a year typed with one digit too many
	// ("20202-01-16"): the fifth digit is group 2.
	isoDate   = regexp.MustCompile(`^(\d{4})(\d?)-(\d{1,2})-(\d{1,2})`)
	numDate   = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4}|\d{2})\b`)
	nameDate1 = regexp.MustCompile(`^(?:` + weekdayRe + `,?\s+)?(` + monthRe + `)\s+(\d{1,2})` + ordRe + dayRangeRe + `\b(?:,?\s+(\d{4})\b)?`)
	nameDate2 = regexp.MustCompile(`^(?:` + weekdayRe + `,?\s+)?(?:the\s+)?(\d{1,2})` + ordRe + dayRangeRe + `(?:\s+of)?\s+(` + monthRe + `)(?:,?\s+(\d{4})\b)?`)
	weekdayAt = regexp.MustCompile(`^(` + weekdayRe + `)`)
	clockAt   = regexp.MustCompile(`^(?:` + clockRe + `)`)
	zoneAt    = regexp.MustCompile(`^\s*\(?(` + zoneRe + `)\)?`)
	rangeAt   = regexp.MustCompile(`^\s*(?:–|—|-|to|until)\s*`)
	dateSep   = regexp.MustCompile(`^(?:\s*,|\s+at|\s*T|\s*@|\s*-)?\s+|^T`)
	parenDate = regexp.MustCompile(`^\s*\(([^)]{3,30})\)`)
	onDate    = regexp.MustCompile(`^,?\s+on\s+`)
)

// leadingStamp reads a date, a time or both at the start of s (after any
// emphasis or bracket), with a range and a zone. It returns what follows.
func leadingStamp(s string) (stamp, string, bool) {
	var st stamp
	rest := s
	rest = strings.TrimLeft(rest, " \t*_[`(")
	start := len(s) - len(rest)
	if d, r, ok := readDate(rest); ok {
		st = d
		rest = r
		if m := dateSep.FindString(rest); m != "" || strings.HasPrefix(rest, " ") {
			if c, r2, ok := readClock(strings.TrimLeft(rest[len(m):], " ")); ok {
				st.hour, st.min, st.sec, st.hasClock = c.hour, c.min, c.sec, true
				rest = r2
			}
		}
	} else if c, r, ok := readClock(rest); ok {
		st = c
		rest = r
	} else {
		return stamp{}, s, false
	}
	if st.hasClock {
		if z := zoneAt.FindStringSubmatch(rest); z != nil {
			st.zone = z[1]
			rest = rest[len(z[0]):]
		}
		// A range keeps its end in the text; only the start is the entry's time.
		if m := rangeAt.FindString(rest); m != "" {
			after := rest[len(m):]
			if _, r2, ok := readDate(after); ok {
				after = strings.TrimLeft(strings.TrimPrefix(strings.TrimLeft(r2, " "), ","), " ")
			}
			if _, r2, ok := readClock(after); ok {
				st.isRng = true
				rest = r2
				if z := zoneAt.FindStringSubmatch(rest); z != nil {
					if st.zone == "" {
						st.zone = z[1]
					}
					rest = rest[len(z[0]):]
				}
			}
		}
		if !st.hasDate {
			// "22:30 UTC (Oct 29)": the date after the time.
			if m := parenDate.FindStringSubmatch(rest); m != nil {
				if d, r, ok := readDate(m[1]); ok && strings.TrimSpace(r) == "" {
					st.setDate(d)
					rest = rest[len(m[0]):]
				}
			}
			// "10:18 AM on November 24th"
			if m := onDate.FindString(rest); m != "" {
				if d, r, ok := readDate(rest[len(m):]); ok {
					st.setDate(d)
					rest = r
				}
			}
		}
	}
	st.text = strings.TrimSpace(s[start : len(s)-len(rest)])
	return st, rest, true
}

// setDate gives st the date d, read after st's time of day.
func (st *stamp) setDate(d stamp) {
	st.year, st.month, st.day, st.hasDate, st.hasYear, st.weekday, st.note = d.year, d.month, d.day, true, d.hasYear, d.weekday, d.note
}

// readDate reads a date at the start of s.
func readDate(s string) (stamp, string, bool) {
	var st stamp
	if m := isoDate.FindStringSubmatch(s); m != nil && (m[2] == "" || strings.HasPrefix(m[1], "19") || strings.HasPrefix(m[1], "20")) {
		st.year, _ = strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[3])
		st.day, _ = strconv.Atoi(m[4])
		st.month = time.Month(mo)
		st.hasDate, st.hasYear = true, true
		if m[2] != "" {
			st.note = fmt.Sprintf("%q has a five-digit year: read as %04d-%02d-%02d", m[0], st.year, mo, st.day)
		}
		return st, s[len(m[0]):], validDay(st)
	}
	if m := numDate.FindStringSubmatch(s); m != nil && m[2] == m[4] {
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[3])
		y, _ := strconv.Atoi(m[5])
		if len(m[5]) == 2 {
			y += 2000
		}
		st.year, st.hasDate, st.hasYear = y, true, true
		switch {
		case a > 12 && b <= 12:
			st.day, st.month = a, time.Month(b)
		case b > 12 && a <= 12:
			st.month, st.day = time.Month(a), b
		default:
			// Ambiguous: month first, as most English write-ups do; the
			// other reading is reported so the writer can correct it.
			st.month, st.day = time.Month(a), b
			if a != b {
				st.note = fmt.Sprintf("%q is ambiguous: read as month-day-year (%s %d, %d), not day-month-year (%s %d)",
					m[0], time.Month(a), b, y, time.Month(b), a)
			}
		}
		return st, s[len(m[0]):], validDay(st)
	}
	// "Oct 30th, 2021" and "30 October 2021": the same parts in two orders.
	for _, form := range []struct {
		re         *regexp.Regexp
		month, day int
	}{{nameDate1, 1, 2}, {nameDate2, 2, 1}} {
		m := form.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		st.month = monthNames[strings.TrimSuffix(strings.ToLower(m[form.month]), ".")]
		st.day, _ = strconv.Atoi(m[form.day])
		if m[3] != "" {
			st.year, _ = strconv.Atoi(m[3])
			st.hasYear = true
		}
		st.hasDate = true
		st.weekday = weekdayAt.FindString(s)
		return st, s[len(m[0]):], validDay(st)
	}
	return stamp{}, s, false
}

func validDay(st stamp) bool {
	if st.month < 1 || st.month > 12 || st.day < 1 || st.day > 31 {
		return false
	}
	if st.hasYear && (st.year < 1970 || st.year > 2200) {
		return false
	}
	return true
}

// readClock reads a time of day at the start of s: 13:26, 09:21:30, 4:11 AM, 5pm.
func readClock(s string) (stamp, string, bool) {
	m := clockAt.FindStringSubmatch(s)
	if m == nil {
		return stamp{}, s, false
	}
	var st stamp
	ampm := ""
	if m[1] != "" {
		st.hour, _ = strconv.Atoi(m[1])
		st.min, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			st.sec, _ = strconv.Atoi(m[3])
		}
		ampm = m[4]
	} else {
		st.hour, _ = strconv.Atoi(m[5])
		ampm = m[6]
	}
	if ampm != "" {
		if st.hour < 1 || st.hour > 12 {
			return stamp{}, s, false
		}
		pm := ampm == "p" || ampm == "P"
		switch {
		case pm && st.hour < 12:
			st.hour += 12
		case !pm && st.hour == 12:
			st.hour = 0
		}
	}
	if st.hour > 23 || st.min > 59 || st.sec > 59 {
		return stamp{}, s, false
	}
	rest := s[len(m[0]):]
	// 12:00 followed by a digit or a letter is not a time (a version, a ratio).
	if rest != "" {
		r := rest[0]
		digitNext := len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9'
		if r >= '0' && r <= '9' || (r == ':' || r == '.') && digitNext || (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') && !zoneAt.MatchString(rest) {
			return stamp{}, s, false
		}
	}
	st.hasClock = true
	return st, rest, true
}

// findDates lists the dates written anywhere in s, for the write-up's date
// when no timeline gives one.
func findDates(s string) []stamp {
	var out []stamp
	for i := 0; i < len(s); i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		if d, _, ok := readDate(s[i:]); ok {
			out = append(out, d)
		}
	}
	return out
}

// findClocks lists the times of day written in s with the date beside them,
// for prose timelines: "At 4:11 AM UTC on November 24th".
func findStamps(s string) []stamp {
	var out []stamp
	for i := 0; i < len(s); i++ {
		if i > 0 && (isWordByte(s[i-1]) || s[i-1] == ':' || s[i-1] == '.' || s[i-1] == '-' || s[i-1] == '/') {
			continue
		}
		st, rest, ok := leadingStamp(s[i:])
		if !ok || !st.hasClock {
			continue
		}
		out = append(out, st)
		i = len(s) - len(rest) - 1
	}
	return out
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}

// A zoneReading is the IANA zone a note or abbreviation stands for.
type zoneReading struct {
	name     string // IANA name
	abbr     string // as written
	standard bool   // the abbreviation names the zone's standard time (PST, EST, CET)
	offset   int    // for a written offset: seconds east of UTC
	isOffset bool
	note     string
}

var zoneAbbrs = map[string]struct {
	name     string
	standard bool
	note     string
}{
	"UTC": {"UTC", false, ""}, "GMT": {"UTC", false, ""}, "Z": {"UTC", false, ""},
	"PST": {"America/Los_Angeles", true, ""}, "PDT": {"America/Los_Angeles", false, ""}, "PT": {"America/Los_Angeles", false, ""},
	"MST": {"America/Denver", true, ""}, "MDT": {"America/Denver", false, ""}, "MT": {"America/Denver", false, ""},
	"CST": {"America/Chicago", true, "CST read as US Central time (it also names China Standard Time)"},
	"CDT": {"America/Chicago", false, ""}, "CT": {"America/Chicago", false, ""},
	"EST": {"America/New_York", true, ""}, "EDT": {"America/New_York", false, ""}, "ET": {"America/New_York", false, ""},
	"AKST": {"America/Anchorage", true, ""}, "AKDT": {"America/Anchorage", false, ""},
	"HST": {"Pacific/Honolulu", true, ""},
	"BST": {"Europe/London", false, "BST read as British Summer Time"}, "WET": {"Europe/Lisbon", true, ""}, "WEST": {"Europe/Lisbon", false, ""},
	"IST":  {"Asia/Kolkata", true, "IST read as India Standard Time (it also names Irish and Israel Standard Time)"},
	"CET":  {"Europe/Berlin", true, "CET read as Europe/Berlin; any Central European zone gives the same times since 1980"},
	"CEST": {"Europe/Berlin", false, "CEST read as Europe/Berlin; any Central European zone gives the same times since 1980"},
	"EET":  {"Europe/Helsinki", true, "EET read as Europe/Helsinki"}, "EEST": {"Europe/Helsinki", false, "EEST read as Europe/Helsinki"},
	"JST": {"Asia/Tokyo", true, ""}, "KST": {"Asia/Seoul", true, ""}, "SGT": {"Asia/Singapore", true, ""},
	"AEST": {"Australia/Sydney", true, ""}, "AEDT": {"Australia/Sydney", false, ""}, "ACST": {"Australia/Adelaide", true, ""},
	"NZST": {"Pacific/Auckland", true, ""}, "NZDT": {"Pacific/Auckland", false, ""},
}

var offsetRe = regexp.MustCompile(`^(?:UTC|GMT)?\s?([+-])(\d{1,2}):?(\d{2})?$`)

// readZone maps an abbreviation or offset to a zone.
func readZone(z string) (zoneReading, bool) {
	z = strings.TrimSpace(z)
	if a, ok := zoneAbbrs[strings.ToUpper(z)]; ok {
		return zoneReading{name: a.name, abbr: z, standard: a.standard, note: a.note}, true
	}
	if strings.Contains(z, "/") {
		if _, err := time.LoadLocation(z); err == nil {
			return zoneReading{name: z, abbr: z}, true
		}
	}
	words := strings.Fields(strings.ToLower(z))
	if len(words) > 0 {
		us := map[string]string{"eastern": "America/New_York", "pacific": "America/Los_Angeles", "central": "America/Chicago", "mountain": "America/Denver"}
		if name, ok := us[words[0]]; ok {
			zr := zoneReading{name: name, abbr: z, note: z + " read as US " + strings.Title(words[0]) + " time"}
			if len(words) > 1 && words[1] == "standard" {
				zr.standard = true
			}
			return zr, true
		}
	}
	if m := offsetRe.FindStringSubmatch(z); m != nil {
		h, _ := strconv.Atoi(m[2])
		mi, _ := strconv.Atoi(m[3])
		off := h*3600 + mi*60
		if m[1] == "-" {
			off = -off
		}
		if off == 0 {
			return zoneReading{name: "UTC", abbr: z}, true
		}
		// A whole-hour offset has an IANA name (Etc/GMT-2 is UTC+2).
		zr := zoneReading{abbr: z, offset: off, isOffset: true}
		if mi == 0 {
			sign := "-"
			if off < 0 {
				sign = "+"
			}
			zr.name = fmt.Sprintf("Etc/GMT%s%d", sign, h)
		}
		return zr, true
	}
	return zoneReading{}, false
}

// zoneNote finds a note such as "All times in PST", "times are UTC" or a
// heading "Time (UTC)".
var zoneNoteRe = regexp.MustCompile(`(?i)\b(?:times?|timestamps?|timeline)\b[^.\n]{0,40}?\b(?:in|are|is|as|:)?\s*\(?(` + zoneRe + `)`)

func zoneNote(s string) (string, bool) {
	if m := zoneNoteRe.FindStringSubmatch(s); m != nil {
		return m[1], true
	}
	return "", false
}
