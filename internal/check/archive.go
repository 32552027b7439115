package check

import (
	"fmt"

	"retro/internal/archive"
	"retro/internal/config"
	"retro/internal/retro"
	"retro/internal/source"
)

// Identity checks that ids and aliases are unique across the archive. rs must
// be in path order: a collision is reported at the explicit id or alias that
// makes it, in the later file where both are explicit, naming the other file.
func Identity(rs []*retro.Retrospective) source.Findings {
	var fs source.Findings
	type claim struct {
		r        *retro.Retrospective
		pos      source.Pos
		explicit bool
		alias    bool
	}
	claims := make(map[string]claim, len(rs))
	for _, r := range rs {
		own := []claim{{r, r.IDPos, r.IDExplicit, false}}
		ids := []string{r.ID}
		for _, a := range r.Aliases {
			own = append(own, claim{r, a.Pos, true, true})
			ids = append(ids, a.Value)
		}
		for i, id := range ids {
			if id == "" {
				continue
			}
			cl := own[i]
			prev, taken := claims[id]
			if !taken {
				claims[id] = cl
				continue
			}
			if prev.r == r {
				if i > 0 && ids[0] != id {
					fs.Errorf(cl.pos, "duplicate-id", "alias %q is listed twice", id)
				}
				continue
			}
			at, other := cl, prev
			if !cl.explicit && prev.explicit {
				at, other = prev, cl
			}
			what := "id"
			if at.alias {
				what = "alias"
			}
			otherWhat := "the id"
			if other.alias {
				otherWhat = "an alias"
			}
			fs.Errorf(at.pos, "duplicate-id", "%s %q is already %s of %s", what, id, otherWhat, other.r.Path).
				Hint = "ids and aliases are unique across the archive: they are the page's permanent URL"
		}
	}
	return fs
}

// Spellings warns when two spellings of a service, team, tag, ticket or
// tracking ticket make one page (`Checkout API` and `checkout-api`): they
// share it, which may not be what the writers meant. rs must be in path
// order; each other spelling is reported once, where it first appears,
// naming the spelling that came first and its file.
func Spellings(rs []*retro.Retrospective, site *config.Site) source.Findings {
	var fs source.Findings
	kinds := []struct{ kind, one string }{
		{"services", "service"}, {"teams", "team"}, {"tags", "tag"}, {"tickets", "ticket"},
	}
	type first struct {
		name string
		pos  source.Pos
	}
	for _, k := range kinds {
		firsts := map[string]first{}
		reported := map[string]bool{}
		for _, r := range rs {
			for _, id := range spellingsOf(r, k.kind) {
				slug := archive.Slug(id.Value)
				if k.kind == "tickets" {
					slug = archive.TicketSlug(site, id.Value)
				}
				f, seen := firsts[slug]
				if !seen {
					firsts[slug] = first{id.Value, id.Pos}
					continue
				}
				if f.name == id.Value || reported[slug+"\x00"+id.Value] {
					continue
				}
				reported[slug+"\x00"+id.Value] = true
				fs.Warnf(id.Pos, "spelling", "%s %q shares the page /%s/%s/ with %q (%s:%d:%d)",
					k.one, id.Value, k.kind, slug, f.name, f.pos.File, f.pos.Line, f.pos.Col).
					Hint = fmt.Sprintf("if they are the same %s, write it one way; if not, tell them apart by more than case and punctuation", k.one)
			}
		}
	}
	return fs
}

// spellingsOf are the values of one taxonomy in a retrospective, as written.
func spellingsOf(r *retro.Retrospective, kind string) []retro.Ident {
	if kind != "tickets" {
		return r.Terms[kind]
	}
	var ids []retro.Ident
	for _, rec := range r.Recommendations {
		if rec.Ticket != "" {
			ids = append(ids, retro.Ident{Value: rec.Ticket, Pos: rec.TicketPos})
		}
		if rec.Tracking != "" {
			ids = append(ids, retro.Ident{Value: rec.Tracking, Pos: rec.TrackingPos})
		}
	}
	return ids
}
