package check

import (
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
