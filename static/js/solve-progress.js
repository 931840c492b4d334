// The solve page's progress (schedules/job.html): draws the chart of lines met and the
// proven most from the job's status (the JSON in #solve-status) and, while the solve
// runs, refreshes it every second. The sentences come from the server as they are shown.
(function () {
  const root = document.getElementById("solve-progress");
  if (!root) return;
  const svg = root.querySelector("svg");
  const X0 = 50, X1 = 590, Y0 = 190, Y1 = 10;
  const count = (n) => Math.round(n).toLocaleString("en-US");
  function field(name, text) { root.querySelector('[data-field="' + name + '"]').textContent = text; }
  function draw(status) {
    const points = status.chart || [];  // [seconds, lines met, proven most]
    const xmax = Math.max(status.time_limit, ...points.map((p) => p[0]), 1);
    const top = Math.max(1, ...points.map((p) => p[2]));
    // The axis starts near the fewest lines met, so the last few lines stay visible.
    const low = points.length ? Math.min(...points.map((p) => p[1])) : 0;
    const bottom = Math.max(0, Math.min(low, top - 1));
    const xy = (seconds, value) =>
      (X0 + (X1 - X0) * seconds / xmax).toFixed(1) + "," +
      (Y0 - (Y0 - Y1) * (value - bottom) / (top - bottom)).toFixed(1);
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
    svg.querySelector(".lines-met").setAttribute("points", steps(1));
    svg.querySelector(".proven-most").setAttribute("points", steps(2));
    svg.querySelector('[data-axis="top"]').textContent = points.length ? count(top) : "";
    svg.querySelector('[data-axis="bottom"]').textContent = points.length ? count(bottom) : "";
    svg.querySelector('[data-axis="right"]').textContent = Math.round(xmax) + " s";
    field("state", status.state);
    root.querySelector('[data-field="state"]').className = "badge state-" + status.state;
    field("cancel", status.cancel_requested && !status.finished ? "(cancel requested)" : "");
    field("elapsed", Math.round(status.elapsed));
    field("remaining", status.remaining === null ? "" : " · about " + status.remaining + " s left");
    for (const name of ["lines", "drive", "idle"]) {
      const box = root.querySelector('[data-field="' + name + '"]');
      box.textContent = status.summary[name] || box.dataset.waiting;
    }
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
