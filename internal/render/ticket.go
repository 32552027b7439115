package render

import (
	"html/template"
	"slices"

	"retro/internal/archive"
	"retro/internal/retro"
)

// ticketView is a ticket's page, /tickets/<ticket>/: a reverse lookup from
// a ticket to the recommendations it came from, in the retrospectives they
// belong to. An archive has about 2.5 of them per retrospective, so every
// value is computed here and the template only prints; what a
// recommendation's own page says about it (its kind, what came after it
// was done) stays there.
type ticketView struct {
	Key        string
	TicketsURL string
	// In the tracker: the export's status and link when tickets.json lists
	// the ticket, else the link site.yaml's tracker makes of it, if any.
	Exported        bool
	Status, Updated string
	TrackerURL      string
	Recs            ticketRecs // whose ticket it is
	Tracking        ticketRecs // whose tracking ticket it is
	TrackingURL     string     // the common recommendation's page
	TrackingCount   string     // "3 recommendations"
}

// ticketRecs is a table of recommendations on a ticket page; Other names
// its last column: the recommendations' tracking tickets, or (on a
// tracking ticket's page) their own tickets. It is empty, and the column
// left out, when none of them has one.
type ticketRecs struct {
	Caption, Other string
	Rows           []ticketRec
}

type ticketRec struct {
	URL, ID              string
	Title                template.HTML
	RetroURL, RetroTitle string
	Severity             string
	Status, StatusTitle  string
	Overdue              bool
	DoneOn, Due          string
	OtherKey, OtherURL   string
	TrackerStatus        string // of the other ticket, when exported
	Drift                bool   // the tracker disagrees with the status
	DroppedReason        template.HTML
}

func newTicketView(a *archive.Archive, t *archive.TicketView) *ticketView {
	v := &ticketView{Key: t.Key, TicketsURL: a.URL("tickets/"), TrackerURL: a.Site.TicketURL(t.Key)}
	if tr := t.Tracker; tr != nil {
		v.Exported, v.Status, v.Updated = true, tr.Status, tr.Updated
		v.TrackerURL = tr.URL
	}
	if len(t.Recs) > 0 {
		v.Recs = ticketRecs{Caption: "Recommendations whose ticket is " + t.Key, Other: "Tracking"}
		for _, rec := range t.Recs {
			row := newTicketRec(a, rec)
			if rec.Tracking != "" {
				row.OtherKey = rec.Tracking
				row.OtherURL = a.URL("recommendations/tracking/" + archive.TicketSlug(a.Site, rec.Tracking) + "/")
			}
			v.Recs.Rows = append(v.Recs.Rows, row)
		}
	}
	if n := len(t.Tracking); n > 0 {
		v.Tracking = ticketRecs{Caption: "Recommendations tracked by " + t.Key, Other: "Ticket"}
		v.TrackingURL = a.URL("recommendations/tracking/" + t.Slug + "/")
		v.TrackingCount = plural(n, "recommendation", "recommendations")
		for _, rec := range t.Tracking {
			row := newTicketRec(a, rec)
			if rec.Ticket != "" {
				row.OtherKey = rec.Ticket
				row.OtherURL = a.URL("tickets/" + archive.TicketSlug(a.Site, rec.Ticket) + "/")
				if tr := a.TrackerOf(rec.Ticket); tr != nil {
					row.TrackerStatus = tr.Status
				}
			}
			v.Tracking.Rows = append(v.Tracking.Rows, row)
		}
	}
	for _, t := range []*ticketRecs{&v.Recs, &v.Tracking} {
		if !slices.ContainsFunc(t.Rows, func(row ticketRec) bool { return row.OtherKey != "" }) {
			t.Other = ""
		}
	}
	return v
}

func newTicketRec(a *archive.Archive, rec *retro.Recommendation) ticketRec {
	retroURL := a.RetroURL(rec.Retro)
	row := ticketRec{
		URL: retroURL + "#" + rec.Anchor(), ID: rec.ID, Title: rec.Title.HTML,
		RetroURL: retroURL, RetroTitle: rec.Retro.Title, Severity: rec.Retro.Severity,
		Status: rec.Status, StatusTitle: statusTitle(rec.Status), Overdue: rec.Overdue(a.Today),
		Due: rec.Due.String(), DroppedReason: rec.DroppedReason.HTML,
	}
	if d, ok := rec.DoneOn(); ok {
		row.DoneOn = d.String()
	}
	_, row.Drift = a.DriftOf(rec)
	return row
}
