// The solve page's progress (schedules/job.html): draws the chart from the job's status
// (the JSON in #solve-status) and, while the solve runs, refreshes it every second.
(function () {
  const root = document.getElementById("solve-progress");
  if (!root) return;
  const svg = root.querySelector("svg");
  const X0 = 50, X1 = 590, Y0 = 190, Y1 = 10;
  const log = (v) => Math.log10(1 + Math.max(0, v));
  function field(name, text) { root.querySelector('[data-field="' + name + '"]').textContent = text; }
  function draw(status) {
    const points = status.progress || [];
    const xmax = Math.max(status.time_limit, ...points.map((p) => p[0]), 1);
    const top = Math.max(1, ...points.map((p) => p[1]));
    const ymax = log(top);
    const xy = (seconds, value) =>
      (X0 + (X1 - X0) * seconds / xmax).toFixed(1) + "," + (Y0 - (Y0 - Y1) * log(value) / ymax).toFixed(1);
    // Steps: a value holds until the next report, and the last one until now.
    function steps(i) {
      const out = [];
      points.forEach((p, k) => {
        if (k) out.push(xy(p[0], points[k - 1][i]));
        out.push(xy(p[0], p[i]));
      });
      if (points.length) {
        const last = points[points.length - 1];
        out.push(xy(Math.min(Math.max(status.elapsed, last[0]), xmax), last[i]));
      }
      return out.join(" ");
    }
    svg.querySelector(".objective").setAttribute("points", steps(1));
    svg.querySelector(".bound").setAttribute("points", steps(2));
    svg.querySelector('[data-axis="top"]').textContent = points.length ? Math.round(top) : "";
    svg.querySelector('[data-axis="right"]').textContent = Math.round(xmax) + " s";
    field("state", status.state);
    root.querySelector('[data-field="state"]').className = "badge state-" + status.state;
    field("cancel", status.cancel_requested && !status.finished ? "(cancel requested)" : "");
    field("elapsed", status.elapsed);
    field("objective", status.objective === null ? "–" : status.objective);
    field("bound", status.bound === null ? "–" : status.bound);
    field("gap", status.gap === null ? "–" : (100 * status.gap).toFixed(1) + "%");
  }
  let status = JSON.parse(document.getElementById("solve-status").textContent);
  draw(status);
  if (status.finished) return;
  const timer = setInterval(async function () {
    try {
      const response = await fetch(root.dataset.url, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      status = await response.json();
    } catch (error) { return; }  // a missed refresh is retried a second later
    draw(status);
    if (status.finished) { clearInterval(timer); window.location.reload(); }
  }, 1000);
})();
