package search

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
)

func TestExp(t *testing.T) {
	dir := t.TempDir()
	docs := []Document{
		{ID: "a", URL: "/retros/a/", Title: "Queue backed up during sale", Summary: "The queue's consumers lagged.", Body: "Alpha beta queue gamma.", Timeline: []string{"queue alert fires", "second event"}, Severity: "SEV2", Services: []string{"checkout-api", "orders-db"}, Year: 2024},
		{ID: "b", URL: "/retros/b/", Title: "Cache stampede", Summary: "Cache cache cache.", Body: "Queue mentioned once here in body text with more words.", Severity: "SEV1", Services: []string{"checkout-api"}, Year: 2023},
	}
	st, err := Build(dir, docs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
	x, err := Open(dir + "/search/index.bleve")
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	r, _ := x.idx.Advanced()
	rd, _ := r.Reader()
	defer rd.Close()
	for _, f := range []string{"_all", "title", "timeline", "service"} {
		for _, term := range []string{"queue", "cach", "checkout-api", "alert"} {
			tfr, err := rd.TermFieldReader(context.Background(), []byte(term), f, true, true, true)
			if err != nil {
				t.Fatal(err)
			}
			for {
				d, err := tfr.Next(nil)
				if err != nil {
					t.Fatal(err)
				}
				if d == nil {
					break
				}
				ext, _ := rd.ExternalID(d.ID)
				fmt.Printf("%s %s %s freq=%d norm=%v L=%v vec=%d\n", f, term, ext, d.Freq, d.Norm, 1/(d.Norm*d.Norm), len(d.Vectors))
				for _, v := range d.Vectors {
					fmt.Printf("   %s %v %d-%d\n", v.Field, v.ArrayPositions, v.Start, v.End)
				}
			}
			tfr.Close()
		}
	}
	for _, q := range []string{"queue", "queue cache", "2024", "service:checkout-api", "services:Checkout-API", "\"queue backed\"", "the", "+queue -cache", "a:(", "\"unterminated", "started:>\"2024-01-01\"", "title:queue^3", "x~2"} {
		res, err := x.Search(q, 10)
		if err != nil {
			fmt.Println(q, "ERR", err)
			continue
		}
		b, _ := json.Marshal(res)
		fmt.Println(q, string(b))
	}
}
