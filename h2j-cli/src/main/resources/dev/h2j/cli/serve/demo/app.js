// Shows which protocol each resource of this page came over, from the Resource Timing API.
"use strict";

function row(name, protocol, octets) {
  const tr = document.createElement("tr");
  const cells = [name, protocol || "(not reported)", octets === undefined ? "" : String(octets)];
  for (const text of cells) {
    const td = document.createElement("td");
    td.textContent = text;
    if (text === "h2") {
      td.className = "h2";
    }
    tr.appendChild(td);
  }
  return tr;
}

function show() {
  const body = document.querySelector("#protocols tbody");
  body.textContent = "";
  const entries = performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"));
  for (const entry of entries) {
    const name = new URL(entry.name).pathname;
    body.appendChild(row(name, entry.nextHopProtocol, entry.transferSize));
  }
}

window.addEventListener("load", () => setTimeout(show, 0));
