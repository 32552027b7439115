package render

import (
	"bytes"
	"fmt"
	"html/template"

	"retro/internal/retro"
)

// A retrospective's row is on about eight pages of the site and a
// recommendation's on about thirteen (its status, team, quarter, category,
// term and ticket pages). Each row is rendered once, up front and in
// parallel, and the pages concatenate the fragments: executing the row
// templates again for every page was most of the build's template time.

// fragments are the rendered rows, read-only once renderFragments is done.
type fragments struct {
	retros map[*retro.Retrospective]template.HTML
	recs   map[*retro.Recommendation]template.HTML
}

// retroRowData is what one row of a retrospectives table shows.
type retroRowData struct {
	*retro.Retrospective
	Mitigate      string // time to mitigate, or empty
	Open, Overdue int    // recommendations
}

// renderFragments renders the row of every retrospective and of every
// recommendation on the site, in parallel.
func (r *Renderer) renderFragments() error {
	var recs []*retro.Recommendation
	if r.a.Views != nil {
		recs = r.a.Views.Recommendations
	}
	retroRows := make([]template.HTML, len(r.a.Retros))
	recRows := make([]template.HTML, len(recs))
	jobs := make([]func() error, 0, len(retroRows)+len(recRows)/16+1)
	for i, rt := range r.a.Retros {
		jobs = append(jobs, func() error {
			var err error
			retroRows[i], err = r.renderRetroRow(rt)
			return err
		})
	}
	// Recommendation rows are small: a job renders a batch of them.
	const batch = 16
	for lo := 0; lo < len(recs); lo += batch {
		jobs = append(jobs, func() error {
			for i := lo; i < min(lo+batch, len(recs)); i++ {
				var err error
				if recRows[i], err = r.renderRecRow(recs[i]); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := run(jobs); err != nil {
		return err
	}
	r.rows.retros = make(map[*retro.Retrospective]template.HTML, len(retroRows))
	for i, rt := range r.a.Retros {
		r.rows.retros[rt] = retroRows[i]
	}
	r.rows.recs = make(map[*retro.Recommendation]template.HTML, len(recRows))
	for i, rec := range recs {
		r.rows.recs[rec] = recRows[i]
	}
	return nil
}

func (r *Renderer) renderRetroRow(rt *retro.Retrospective) (template.HTML, error) {
	d := retroRowData{Retrospective: rt}
	if dur, ok := retro.Duration(rt.Started, rt.Mitigated); ok {
		d.Mitigate = Duration(dur)
	}
	for _, rec := range rt.Recommendations {
		if rec.Open() {
			d.Open++
		}
		if rec.Overdue(r.a.Today) {
			d.Overdue++
		}
	}
	return r.fragment("retro-row", d, rt.ID)
}

func (r *Renderer) renderRecRow(rec *retro.Recommendation) (template.HTML, error) {
	return r.fragment("rec-row", rec, rec.Retro.ID+"#"+rec.Anchor())
}

func (r *Renderer) fragment(name string, data any, what string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := r.base.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("rendering the %s of %s: %w", name, what, err)
	}
	return template.HTML(buf.String()), nil
}

// retroRow is the table row of rt, rendered once.
func (r *Renderer) retroRow(rt *retro.Retrospective) (template.HTML, error) {
	if row, ok := r.rows.retros[rt]; ok {
		return row, nil
	}
	return r.renderRetroRow(rt)
}

// recRow is the table row of rec, rendered once.
func (r *Renderer) recRow(rec *retro.Recommendation) (template.HTML, error) {
	if row, ok := r.rows.recs[rec]; ok {
		return row, nil
	}
	return r.renderRecRow(rec)
}
