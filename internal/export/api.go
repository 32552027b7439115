package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"retro/internal/retro"
)

// The JSON exports are arrays of objects with SPEC's keys first (in SPEC's
// order) and a few more after them. An absent value is null, never "", so
// that a consumer tells "not written" from a value; lists are never null.

// retroJSON is one object of /api/retros.json.
type retroJSON struct {
	ID         string   `json:"id"`
	URL        string   `json:"url"`
	Title      string   `json:"title"`
	Status     string   `json:"status"`
	Kind       string   `json:"kind"`
	Severity   *string  `json:"severity"`
	Started    *string  `json:"started"`
	Detected   *string  `json:"detected"`
	Mitigated  *string  `json:"mitigated"`
	Resolved   *string  `json:"resolved"`
	Services   []string `json:"services"`
	Teams      []string `json:"teams"`
	Tags       []string `json:"tags"`
	Categories []string `json:"categories"`
	Summary    *string  `json:"summary"`
	Author     *string  `json:"author"`
	Finalized  *string  `json:"finalized"`
	// Beyond SPEC: what quarterly analysis would otherwise recompute.
	Timezone string   `json:"timezone"`
	Quarter  *string  `json:"quarter"` // of started, in the retrospective's zone
	Impact   *string  `json:"impact"`
	Aliases  []string `json:"aliases"`
}

// recJSON is one object of /api/recommendations.json and one row of
// /api/recommendations.csv.
type recJSON struct {
	Retro         string   `json:"retro"`
	ID            string   `json:"id"`
	URL           string   `json:"url"`
	Title         string   `json:"title"`
	Status        string   `json:"status"`
	Due           *string  `json:"due"`
	Overdue       bool     `json:"overdue"`
	DoneOn        *string  `json:"done_on"`
	Ticket        *string  `json:"ticket"`
	TicketURL     *string  `json:"ticket_url"`
	Tracking      *string  `json:"tracking"`
	Addresses     []string `json:"addresses"`
	Kind          *string  `json:"kind"`
	Better        *string  `json:"better"`
	Priority      *string  `json:"priority"`
	DoneWhen      *string  `json:"done_when"`
	DroppedReason *string  `json:"dropped_reason"`
	// Beyond SPEC: quarterly analysis counts drops by the day they
	// happened, and reads categories without joining problems.json.
	DroppedOn   *string  `json:"dropped_on"`
	TrackingURL *string  `json:"tracking_url"`
	Categories  []string `json:"categories"`
}

// recHeader is the CSV header: recJSON's keys in the same order, which a
// test holds to.
func recHeader() []string {
	return []string{"retro", "id", "url", "title", "status", "due", "overdue", "done_on",
		"ticket", "ticket_url", "tracking", "addresses", "kind", "better", "priority", "done_when",
		"dropped_reason", "dropped_on", "tracking_url", "categories"}
}

// record is the CSV row of the recommendation: null is an empty cell and a
// list is joined with ";".
func (r *recJSON) record() []string {
	s := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	row := []string{r.Retro, r.ID, r.URL, r.Title, r.Status, s(r.Due), strconv.FormatBool(r.Overdue), s(r.DoneOn),
		s(r.Ticket), s(r.TicketURL), s(r.Tracking), strings.Join(r.Addresses, ";"), s(r.Kind), s(r.Better), s(r.Priority), s(r.DoneWhen),
		s(r.DroppedReason), s(r.DroppedOn), s(r.TrackingURL), strings.Join(r.Categories, ";")}
	for i, cell := range row {
		row[i] = SpreadsheetCell(cell)
	}
	return row
}

// SpreadsheetCell keeps a CSV cell from being run as a formula when the file
// is opened in a spreadsheet (SPEC: exports are safe to open in one): a
// cell that starts with =, +, -, @, a tab or a carriage return gets a
// leading '. The text of a retrospective is untrusted, and "=HYPERLINK(…)"
// in a recommendation's title would otherwise be live in a lead's sheet.
func SpreadsheetCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// problemJSON is one object of /api/problems.json: a category.
type problemJSON struct {
	Category          string           `json:"category"`
	Title             string           `json:"title"`
	Occurrences       []occurrenceJSON `json:"occurrences"`         // newest incident first
	RecurredAfterDone []recurrenceJSON `json:"recurred_after_done"` // newest incident first
	// Beyond SPEC: SPEC's /problems/ pages show occurrences per quarter.
	Description *string        `json:"description"`
	Retros      int            `json:"retros"`     // distinct retrospectives with a problem in the category
	ByQuarter   map[string]int `json:"by_quarter"` // quarters with occurrences only; keys sort in time order
}

type occurrenceJSON struct {
	Retro   string  `json:"retro"`
	ID      string  `json:"id"`
	Problem string  `json:"problem"` // plain text
	Started *string `json:"started"`
	URL     string  `json:"url"` // beyond SPEC: the problem's anchor
}

type recurrenceJSON struct {
	Retro   string `json:"retro"`
	Problem string `json:"problem"` // the problem's id
	// After is at most archive.MaxAfter done recommendations, most
	// recently done first: listing every earlier one would grow with the
	// square of the archive. AfterCount is the whole number.
	After      []string `json:"after"`
	AfterCount int      `json:"after_count"`
	// Via are the links that make it a recurrence: service:<name>,
	// tracking:<ticket> or recurs.
	Via []string `json:"via"`
}

func (e *exporter) retros() (int, error) {
	a := e.a
	err := writeArray(e, "api/retros.json", len(a.Retros), func(i int) any {
		r := a.Retros[i]
		o := &retroJSON{
			ID:         r.ID,
			URL:        e.absolute(a.RetroURL(r)),
			Title:      r.Title,
			Status:     r.Status,
			Kind:       r.Kind,
			Severity:   text(r.Severity),
			Started:    moment(r.Started),
			Detected:   moment(r.Detected),
			Mitigated:  moment(r.Mitigated),
			Resolved:   moment(r.Resolved),
			Services:   list(r.Services),
			Teams:      list(r.Teams),
			Tags:       list(r.Tags),
			Categories: list(r.Categories()),
			Summary:    text(strings.TrimSpace(r.Summary.Text)),
			Author:     text(r.Author),
			Timezone:   r.TimezoneName,
			Impact:     text(strings.TrimSpace(r.Impact.Text)),
			Aliases:    make([]string, len(r.Aliases)),
		}
		if r.Started.Set {
			o.Quarter = text(r.QuarterKey())
		}
		if r.Review != nil {
			o.Finalized = date(r.Review.Finalized)
		}
		for j, al := range r.Aliases {
			o.Aliases[j] = al.Value
		}
		return o
	})
	if err != nil {
		return 0, err
	}
	return 1, nil
}

// rec is the export of one recommendation.
func (e *exporter) rec(rec *retro.Recommendation) *recJSON {
	a := e.a
	o := &recJSON{
		Retro:         rec.Retro.ID,
		ID:            rec.ID,
		URL:           e.absolute(a.RetroURL(rec.Retro)) + "#" + rec.Anchor(),
		Title:         strings.TrimSpace(rec.Title.Text),
		Status:        rec.Status,
		Due:           date(rec.Due),
		Overdue:       rec.Overdue(a.Today),
		Ticket:        text(rec.Ticket),
		TicketURL:     text(a.Site.TicketURL(rec.Ticket)),
		Tracking:      text(rec.Tracking),
		Addresses:     make([]string, len(rec.Addresses)),
		Kind:          text(rec.Kind),
		Better:        text(rec.Better),
		Priority:      text(rec.Priority),
		DoneWhen:      text(strings.TrimSpace(rec.DoneWhen.Text)),
		DroppedReason: text(strings.TrimSpace(rec.DroppedReason.Text)),
		TrackingURL:   text(a.Site.TicketURL(rec.Tracking)),
		Categories:    rec.Categories(),
	}
	if d, ok := rec.DoneOn(); ok {
		o.DoneOn = date(d)
	}
	if rec.Status == retro.Dropped {
		dropped, _ := rec.DroppedOn()
		o.DroppedOn = date(dropped)
	}
	for i, id := range rec.Addresses {
		o.Addresses[i] = id.Value
	}
	return o
}

// recommendations writes /api/recommendations.json and, with the same rows
// for spreadsheets, /api/recommendations.csv (RFC 4180, so CRLF line ends),
// in one pass so that each recommendation is exported once.
func (e *exporter) recommendations() (int, error) {
	cw, csvDone, err := e.create("api/recommendations.csv")
	if err != nil {
		return 0, err
	}
	rows := csv.NewWriter(cw)
	rows.UseCRLF = true
	csvErr := rows.Write(recHeader())
	recs := e.a.Views.Recommendations
	err = writeArray(e, "api/recommendations.json", len(recs), func(i int) any {
		o := e.rec(recs[i])
		if csvErr == nil {
			csvErr = rows.Write(o.record())
		}
		return o
	})
	rows.Flush()
	if csvErr == nil {
		csvErr = rows.Error()
	}
	if cerr := csvDone(); csvErr == nil {
		csvErr = cerr
	}
	if err != nil {
		return 0, err
	}
	if csvErr != nil {
		return 1, fmt.Errorf("api/recommendations.csv: %w", csvErr)
	}
	return 2, nil
}

func (e *exporter) problems() (int, error) {
	a := e.a
	cats := a.Views.Categories
	err := writeArray(e, "api/problems.json", len(cats), func(i int) any {
		cv := cats[i]
		o := &problemJSON{
			Category:          cv.Key,
			Title:             cv.Title,
			Description:       text(cv.Description),
			Occurrences:       make([]occurrenceJSON, len(cv.Problems)),
			RecurredAfterDone: make([]recurrenceJSON, len(cv.Recurrences)),
			Retros:            cv.Retros,
			ByQuarter:         map[string]int{},
		}
		for j, p := range cv.Problems {
			o.Occurrences[j] = occurrenceJSON{
				Retro:   p.Retro.ID,
				ID:      p.Problem.ID,
				Problem: strings.TrimSpace(p.Problem.Problem.Text),
				Started: moment(p.Retro.Started),
				URL:     e.absolute(a.RetroURL(p.Retro)) + "#" + p.Problem.Anchor(),
			}
			// Counted here rather than read from CategoryView.ByQuarter,
			// whose indexes are those of Views.Quarters before the
			// quarters of unpublished drafts are added to it.
			o.ByQuarter[p.Retro.QuarterKey()]++
		}
		// The view lists recurrences oldest first (it finds them in one
		// pass from the oldest incident); the export lists them newest
		// first, like the occurrences.
		n := len(cv.Recurrences)
		for j, rc := range cv.Recurrences {
			after := make([]string, len(rc.After))
			for k, ad := range rc.After {
				after[k] = ad.Rec.Retro.ID + "#" + ad.Rec.Anchor()
			}
			o.RecurredAfterDone[n-1-j] = recurrenceJSON{Retro: rc.Retro.ID, Problem: rc.Problem.ID, After: after, AfterCount: rc.AfterCount, Via: rc.Via}
		}
		return o
	})
	if err != nil {
		return 0, err
	}
	return 1, nil
}

// writeArray streams a JSON array of n values, one object per line, so
// that the file diffs line by line between builds and no export is ever
// held whole in memory.
func writeArray(e *exporter, rel string, n int, item func(i int) any) error {
	w, done, err := e.create(rel)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// The exports are served as JSON, never inside HTML, so < > & stay
	// readable.
	enc.SetEscapeHTML(false)
	_, err = w.WriteString("[")
	for i := 0; i < n && err == nil; i++ {
		buf.Reset()
		if err = enc.Encode(item(i)); err != nil {
			break
		}
		sep := ",\n"
		if i == 0 {
			sep = "\n"
		}
		if _, err = w.WriteString(sep); err == nil {
			_, err = w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		}
	}
	if err == nil {
		_, err = w.WriteString("\n]\n")
	}
	if cerr := done(); err == nil {
		err = cerr
	}
	return err
}

// categories are those a recommendation addresses through the systemic
// problems it names (SPEC: "Rules of the format"), in the order named.
