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
// it only when the figure can take focus, so a figure that scrolls is made focusable.
function focusScrollingFigures() {
  for (const figure of document.querySelectorAll("main figure")) {
    if (figure.scrollWidth > figure.clientWidth) {
      figure.tabIndex = 0;
    } else if (!figure.hasAttribute("role")) {
      figure.removeAttribute("tabindex");
    }
  }
}

focusScrollingFigures();
window.addEventListener("resize", focusScrollingFigures);
