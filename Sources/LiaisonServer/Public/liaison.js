// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Select the whole value of one-time secrets (links, tokens) on click, for copying.
  for (const el of document.querySelectorAll("code.link, code.secret")) {
    el.setAttribute("tabindex", "0");
    el.addEventListener("click", () => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    });
  }
  showLocalTimes(document.getElementById("main"));
  followArrivals();
  showProblems(document.querySelector(".error-summary"));
  // A table wider than its box scrolls inside it: the box then takes the keyboard focus (the
  // arrow keys scroll it) and is named after the table's caption (a group, not a landmark: the page's sections are those).
  const wraps = document.querySelectorAll(".table-wrap");
  const reachable = () => {
    for (const wrap of wraps) {
      const caption = wrap.querySelector("caption");
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        if (caption && caption.textContent.trim()) {
          wrap.setAttribute("role", "group");
          wrap.setAttribute("aria-label", caption.textContent.trim());
        }
      } else if (wrap.hasAttribute("tabindex")) {
        for (const name of ["tabindex", "role", "aria-label"]) wrap.removeAttribute(name);
      }
    }
  };
  reachable();
  window.addEventListener("resize", reachable);
  // Ask before actions that cannot be undone.
  for (const button of document.querySelectorAll(".button-danger")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.textContent.trim() + "?")) event.preventDefault();
    });
  }
});

// The server writes every time in UTC ("2026-09-21 12:46 UTC", or ISO 8601 with "Z"), the one
// clock every node shares. The reader sees it in their own time zone, with the zone named, and
// the UTC time on hover; without this script the UTC time stays, which is still correct.
function showLocalTimes(root) {
  if (!root || !window.Intl) return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === "UTC" || zone === "Etc/UTC") return;
  const language = document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang;
  const format = new Intl.DateTimeFormat(language, {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
  });
  const pattern = /(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}) UTC|T(\d{2}:\d{2}):\d{2}(?:\.\d+)?Z)/g;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest("textarea, script, style, time") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) if (walker.currentNode.data.search(pattern) >= 0) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of node.data.matchAll(pattern)) {
      const instant = new Date(`${match[1]}T${match[2] || match[3]}:00Z`);
      if (isNaN(instant)) continue;
      const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
      const time = document.createElement("time");
      time.dateTime = instant.toISOString();
      time.title = match[0];
      time.textContent = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
      fragment.append(node.data.slice(last, match.index), time);
      last = match.index + match[0].length;
    }
    fragment.append(node.data.slice(last));
    node.replaceWith(fragment);
  }
}

// What waits for the reader, pushed by the node (server-sent events, same origin): the
// count beside each navigation link, and a notice when something new arrives while the page
// is open. Without this script the dashboard and the lists still say all of it.
function followArrivals() {
  const url = document.body.dataset.live;
  if (!url || !window.EventSource) return;
  let seen = null;
  const source = new EventSource(url);
  source.addEventListener("counts", (event) => {
    const data = JSON.parse(event.data);
    for (const [href, count] of Object.entries(data.counts)) showCount(href, count);
    if (seen !== null && data.unread > seen) document.getElementById("live-notice")?.removeAttribute("hidden");
    seen = data.unread;
  });
}

function showCount(href, count) {
  const link = document.querySelector(`.mainnav a[href="${href}"]`);
  if (!link) return;
  let badge = link.querySelector(".nav-count");
  if (!badge) {
    badge = document.createElement("span");
    badge.className = "nav-count";
    link.append(" ", badge);
  }
  badge.textContent = String(count);
  badge.hidden = count === 0;
}

// A refused form: the summary of what is wrong takes the focus, so that a screen reader reads
// it first and the keyboard starts from it; each field it names is marked where it stands,
// with its message, and a link in the summary moves to it.
function showProblems(summary) {
  if (!summary) return;
  for (const link of summary.querySelectorAll("a[data-field]")) {
    const control = document.getElementById(link.dataset.field);
    if (!control) continue;
    control.setAttribute("aria-invalid", "true");
    const field = control.closest(".field") || control.parentElement;
    field.classList.add("has-error");
    const message = document.createElement("p");
    message.className = "field-error";
    message.id = `${control.id}-error`;
    message.textContent = link.textContent;
    const label = field.querySelector(`label[for="${control.id}"]`);
    (label || control).insertAdjacentElement(label ? "afterend" : "beforebegin", message);
    control.setAttribute("aria-describedby", [message.id, control.getAttribute("aria-describedby")].filter(Boolean).join(" "));
    link.addEventListener("click", (event) => {
      event.preventDefault();
      control.focus();
    });
  }
  summary.focus();
}
