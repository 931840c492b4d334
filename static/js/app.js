// What the pages ask of a script, by data- attributes: the Content-Security-Policy runs
// no inline script, event-handler attribute or style attribute.
//   <form data-confirm="Question?">  asks before submitting
//   <button data-print>              prints the page
//   <select data-autosubmit>         submits its form when changed
//   <el data-css-vars="--top: 12%; --lane: 0">  sets those CSS custom properties
//                                    (a timetable's geometry and colours)

function applyCssVars(root) {
  for (const element of root.querySelectorAll("[data-css-vars]")) {
    for (const declaration of element.dataset.cssVars.split(";")) {
      const colon = declaration.indexOf(":");
      const name = declaration.slice(0, colon).trim();
      if (colon > 0 && name.startsWith("--")) {
        element.style.setProperty(name, declaration.slice(colon + 1).trim());
      }
    }
  }
}

applyCssVars(document);

// A timetable block shows whole lines only: a line its box would cut in half is hidden
// until the block opens (hover, or focus: a tap or Tab), so a short block never shows
// the top half of a word (timetable.css).
function hideCutLines() {
  for (const block of document.querySelectorAll(".tt-block")) {
    const bottom = block.clientHeight;
    for (const line of block.children) {
      line.classList.remove("tt-cut");
      if (line.offsetTop + line.offsetHeight > bottom + 1) line.classList.add("tt-cut");
    }
  }
}

hideCutLines();
window.addEventListener("resize", hideCutLines);
window.addEventListener("beforeprint", hideCutLines);
window.addEventListener("afterprint", hideCutLines);

document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

document.addEventListener("click", (event) => {
  if (event.target.closest("button[data-print]")) window.print();
});

document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});

// A table wider than the phone scrolls inside its figure (app.css); a keyboard reaches
// it only when the figure can take focus, so a figure that scrolls becomes a focusable
// region named by its table's caption, or else by the heading before it (a screen
// reader announces what the box holds). A figure that fits is left as it was.
function labelFor(figure) {
  const caption = figure.querySelector("caption, figcaption");
  if (caption && caption.textContent.trim()) return caption;
  let heading = null;
  for (const candidate of document.querySelectorAll("main h1, main h2, main h3, main h4")) {
    if (candidate.compareDocumentPosition(figure) & Node.DOCUMENT_POSITION_FOLLOWING) {
      heading = candidate;
    }
  }
  return heading;
}

let regionCount = 0;
const regionsNamedBy = new Map(); // a heading -> how many regions it names already
function focusScrollingFigures() {
  for (const figure of document.querySelectorAll("main figure")) {
    const scrolls = figure.scrollWidth > figure.clientWidth;
    if (scrolls && !figure.hasAttribute("data-region")) {
      figure.tabIndex = 0;
      figure.dataset.region = "";
      if (!figure.hasAttribute("role")) figure.setAttribute("role", "region");
      if (!figure.hasAttribute("aria-label") && !figure.hasAttribute("aria-labelledby")) {
        const label = labelFor(figure);
        const uses = label ? (regionsNamedBy.get(label) || 0) + 1 : 0;
        if (label) regionsNamedBy.set(label, uses);
        if (label && label.matches("caption, figcaption") && uses === 1) {
          if (!label.id) label.id = `region-label-${++regionCount}`;
          figure.setAttribute("aria-labelledby", label.id);
        } else if (label) { // a heading may name its section too: the box's name differs
          const number = uses > 1 ? ` ${uses}` : "";
          figure.setAttribute("aria-label", `${label.textContent.trim()}: table${number}`);
        } else {
          figure.setAttribute("aria-label", "Table");
        }
      }
    } else if (!scrolls && figure.hasAttribute("data-region")) {
      figure.removeAttribute("tabindex");
      figure.removeAttribute("data-region");
      if (figure.getAttribute("role") === "region") figure.removeAttribute("role");
    }
  }
}

focusScrollingFigures();
window.addEventListener("resize", focusScrollingFigures);
