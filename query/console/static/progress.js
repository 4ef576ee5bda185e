// lakehunt console: the progress bar of a page that streams in parts (a
// dashboard's panels, an entity page's stages). The server writes a tick
// after each part it finishes; this script, loaded while the page still
// streams, shows the last one. Stop closes the connection, which cancels
// the statement running on the server.
"use strict";
(function () {
  const box = document.getElementById("progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const text = box.querySelector(".progress-text");
  function show(tick) {
    const d = tick.dataset;
    bar.max = Number(d.total);
    bar.value = Number(d.done);
    text.textContent = d.done + " of " + d.total + " " + d.unit + (d.label ? ": " + d.label : "") + " (" + d.seconds + " s)";
    if (Number(d.done) >= Number(d.total)) box.classList.add("done");
  }
  new MutationObserver(records => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType === Node.ELEMENT_NODE && n.matches("i.tick")) show(n);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
  document.getElementById("stop").addEventListener("click", () => {
    window.stop();
    box.classList.add("stopped");
    text.textContent += " · stopped";
  });
})();
