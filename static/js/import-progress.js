// An upload's page (imports/job.html): while the import runs, asks for its progress every
// second and shows it; once it has ended, reloads the page, which shows the result.
(function () {
  const root = document.getElementById("import-progress");
  if (!root || root.dataset.finished === "true") return;
  function field(name) { return root.querySelector('[data-field="' + name + '"]'); }
  function show(status) {
    field("state").textContent = status.state;
    field("stage").textContent = status.stage;
    field("elapsed").textContent = status.elapsed;
    const bar = field("bar");
    if (status.total) {
      bar.max = status.total;
      bar.value = status.done;
    } else {
      bar.removeAttribute("value");  // under way, amount unknown
    }
  }
  const timer = setInterval(async function () {
    let status;
    try {
      const response = await fetch(root.dataset.url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      status = await response.json();
    } catch (error) { return; }  // a missed refresh is retried a second later
    if (status.finished) { clearInterval(timer); window.location.reload(); return; }
    show(status);
  }, 1000);
})();
