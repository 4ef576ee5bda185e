// lakehunt console: progress and cancel for slow pages, the entity form,
// and links on the entity values of the investigation report. No network
// but the console itself.
"use strict";
(function () {
  const running = document.getElementById("running");
  function showRunning() { if (running) running.hidden = false; }
  document.querySelectorAll("form.window, form.sql-form").forEach(f => f.addEventListener("submit", showRunning));
  document.querySelectorAll("nav.top a, .panel .actions a, .incident-links a, a.entity").forEach(a => a.addEventListener("click", showRunning));
  const cancel = document.getElementById("cancel");
  // Stopping the load closes the connection; the server cancels the query.
  if (cancel) cancel.addEventListener("click", () => { window.stop(); running.hidden = true; });
  window.addEventListener("pageshow", () => { if (running) running.hidden = true; });

  const form = document.getElementById("entity-form");
  if (form) form.addEventListener("submit", e => {
    e.preventDefault();
    const kind = document.getElementById("entity-kind").value;
    const value = document.getElementById("entity-value").value.trim();
    if (value) location.href = "/investigate/" + kind + "/" + encodeURIComponent(value) + location.search;
  });

  // The investigation report is static HTML: link its entity values.
  const patterns = [
    [/^(\d{1,3}\.){3}\d{1,3}$/, "ip"],
    [/^(AKIA|ASIA)[A-Z0-9]{12,}$/, "access-key"],
    [/^i-[0-9a-f]{8,17}$/, "instance"],
    [/^\d{12}$/, "account"],
    [/^arn:aws:(iam|sts)::\d{12}:/, "principal"],
  ];
  if (location.pathname.startsWith("/investigate/")) {
    document.querySelectorAll("main td, main dd").forEach(td => {
      if (td.children.length) return;
      const text = td.textContent.trim();
      for (const [re, kind] of patterns) {
        if (re.test(text)) {
          const a = document.createElement("a");
          a.href = "/investigate/" + kind + "/" + encodeURIComponent(text) + location.search;
          a.textContent = text;
          a.className = "entity";
          td.textContent = "";
          td.appendChild(a);
          break;
        }
      }
    });
  }
})();
