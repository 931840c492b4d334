// The top navigation on a phone or tablet (below 1024 px): when its links do not fit on
// one line, they fold behind a Menu button (a disclosure: aria-expanded on the button, the list it
// controls shown or hidden). Escape closes the open menu and returns to the button.
// Without this script, and on a wider screen, the links wrap instead.
const NARROW = window.matchMedia("(max-width: 1023.98px)");

function siteMenu() {
  const button = document.querySelector(".site-header .menu-toggle");
  const menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) return;
  const nav = button.closest("nav");

  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  }

  function fold() {
    nav.classList.remove("folded");
    button.hidden = true;
    nav.classList.add("measuring");
    const tooWide = NARROW.matches && nav.scrollWidth > nav.clientWidth + 1;
    nav.classList.remove("measuring");
    nav.classList.toggle("folded", tooWide);
    button.hidden = !tooWide;
    if (!tooWide) setOpen(false);
  }

  button.addEventListener("click", () => setOpen(!menu.classList.contains("open")));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.classList.contains("open")) {
      setOpen(false);
      button.focus();
    }
  });
  fold();
  let pending = 0;
  window.addEventListener("resize", () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fold);
  });
}

siteMenu();
