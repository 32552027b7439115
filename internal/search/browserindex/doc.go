// Package browserindex writes and reads the browser index: the folder of
// small files that the search page fetches piece by piece to answer a
// query on a static host. FORMAT.md, beside this file, describes the
// format; [Write] writes it from postings and display records, and
// [Reader] resolves which files a reader fetches for a term or a result,
// as the page does (themes/default/assets/search/index.js).
package browserindex
