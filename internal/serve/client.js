// The preview's script, added by retro serve to the pages it serves (never
// to a built site). The server tags each page it serves with its content's
// hash (data-page) and sends a "reload" event only when the page's content
// in a new build differs; "status" events carry the build's problems.
(() => {
  const me = document.currentScript;
  const page = (me && me.dataset.page) || "";
  let overlay = null;
  const main = document.querySelector("main");
  if (main && !document.querySelector(".preview-banner")) {
    const note = document.createElement("p");
    note.className = "preview-banner";
    note.setAttribute("role", "note");
    const strong = document.createElement("strong");
    strong.textContent = "Preview:";
    note.append(strong, " served by retro serve, which rebuilds as you edit; this is not the published site.");
    main.prepend(note);
  }
  const show = (problems) => {
    if (!problems.length) { if (overlay) { overlay.remove(); overlay = null; } return; }
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.id = "retro-build-errors";
      overlay.setAttribute("role", "alert");
      Object.assign(overlay.style, {position: "fixed", inset: "auto 0 0 0", maxHeight: "60vh", overflow: "auto",
        background: "#fff5f5", color: "#5c0000", borderTop: "4px solid #b00020", padding: "1rem 1.5rem",
        font: "14px/1.5 ui-monospace, monospace", zIndex: 2147483647, margin: 0});
      document.body.append(overlay);
    }
    overlay.replaceChildren();
    const h = document.createElement("h2");
    h.textContent = "The site does not build: still showing the last good build";
    h.style.font = "bold 16px/1.4 system-ui, sans-serif";
    overlay.append(h);
    const list = document.createElement("ul");
    for (const p of problems) {
      const li = document.createElement("li");
      const where = document.createElement("strong");
      where.textContent = p.file ? p.file + (p.line ? ":" + p.line + (p.column ? ":" + p.column : "") : "") + ": " : "";
      li.append(where, p.message + (p.hint ? " (" + p.hint + ")" : ""));
      list.append(li);
    }
    overlay.append(list);
  };
  // EventSource reconnects by itself when the stream drops; the server
  // compares the page's tag again then, so a change missed meanwhile still
  // reloads the page.
  const events = new EventSource("/_retro/events?path=" + encodeURIComponent(location.pathname) +
    "&page=" + encodeURIComponent(page));
  events.addEventListener("status", (e) => show(JSON.parse(e.data).problems || []));
  events.addEventListener("reload", () => { events.close(); location.reload(); });
})();
