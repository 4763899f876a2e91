// Small progressive enhancements; every page works without them.
document.addEventListener("change", function (event) {
  var box = event.target.closest("[data-tb-select-all]");
  if (!box) return;
  document.querySelectorAll(box.dataset.tbSelectAll).forEach(function (item) {
    if (!item.disabled) item.checked = box.checked;
  });
});

// What a chart shows, in words, for a screen reader: its title, then each series' total and its
// highest point ("服务记录合计 120，3月最高（20）"). The sentences are the page's, translated
// (data-tb-chart-* on <body>); a series without a positive value says it has no data.
function chartInWords(title, labels, datasets) {
  var words = document.body.dataset;
  var round = function (value) { return Math.round(value * 10) / 10; };
  var series = datasets.map(function (set) {
    var total = set.data.reduce(function (sum, value) { return sum + value; }, 0);
    var top = set.data.indexOf(Math.max.apply(null, set.data));
    if (top < 0 || !(set.data[top] > 0)) return words.tbChartNone.replace("{series}", set.label);
    return words.tbChartSeries.replace("{series}", set.label).replace("{total}", round(total))
      .replace("{label}", labels[top]).replace("{peak}", round(set.data[top]));
  });
  return words.tbChartTitle.replace("{title}", title) + series.join(words.tbChartJoin);
}

// Charts drawn from the tables they illustrate: <table data-tb-chart="bar|doughnut|line">.
// The first column labels the data, every other numeric column is a series. The table stays
// in the page (for printing and screen readers); the chart is an addition.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;  // pages with charts load Chart.js in their scripts block
  var palette = ["#c8102e", "#1d4f91", "#f08c00", "#198754", "#6f42c1", "#0dcaf0"];
  document.querySelectorAll("table[data-tb-chart]").forEach(function (table) {
    var headers = Array.from(table.querySelectorAll("thead th")).map(function (th) { return th.textContent.trim(); });
    var rows = Array.from(table.querySelectorAll("tbody tr:not([data-tb-chart-skip])"));
    var labels = rows.map(function (row) { return row.cells[0].textContent.trim(); });
    var columns = (table.dataset.tbChartColumns || "1").split(",").map(Number);
    var type = table.dataset.tbChart;
    var datasets = columns.map(function (column, index) {
      return {
        label: headers[column],
        data: rows.map(function (row) { return parseFloat(row.cells[column].dataset.value || row.cells[column].textContent.replace(/[^0-9.\-]/g, "")) || 0; }),
        backgroundColor: type === "doughnut" ? palette : palette[index % palette.length],
        borderColor: type === "line" ? palette[index % palette.length] : undefined
      };
    });
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", chartInWords(table.dataset.tbChartTitle || headers.join(" "), labels, datasets));
    var box = document.createElement("div");
    box.className = "tb-chart d-print-none mb-2";
    box.appendChild(canvas);
    var anchor = table.closest("details") || table;  // a folded table keeps its chart in view
    anchor.parentNode.insertBefore(box, anchor);
    new Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: type === "doughnut" || datasets.length > 1 } } }
    });
  });
});

// A select that submits its form when changed (the year pickers); a button does it without JS.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-tb-autosubmit]")) event.target.form.submit();
});

// Print buttons (no inline handlers: the Content Security Policy allows scripts from static/ only).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-tb-print]")) window.print();
});
// A page made for printing (every pledge card of the filters) opens the print dialog itself.
window.addEventListener("load", function () {
  if (document.querySelector("[data-tb-print-now]")) window.print();
});

// An address to copy (a hall display's): focusing the box selects all of it.
document.addEventListener("focusin", function (event) {
  if (event.target.matches("input[data-tb-select-on-focus]")) event.target.select();
});

// A box that scrolls (a wide table on a phone, a long list in a card) is reached with the Tab key
// and scrolled with the arrow keys: when it overflows and holds nothing else to focus, it gets a
// tab stop and a name (WCAG 2.1.1). A list or a table keeps its own role; only a plain box becomes
// a named region.
var TB_FOCUSABLE = "a[href], button:not(:disabled), input:not([type=hidden]):not(:disabled), select:not(:disabled), " +
  "textarea:not(:disabled), summary, [tabindex]:not([tabindex='-1']):not([data-tb-scroll-box])";
function tbScrollBoxes() {
  document.querySelectorAll(".table-responsive, .tb-scroll, .tb-scroll-x").forEach(function (box) {
    var overflows = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (overflows && !box.querySelector(TB_FOCUSABLE)) {
      if (!box.hasAttribute("data-tb-scroll-box")) {
        var caption = box.querySelector("caption");
        var card = box.closest(".card");
        var header = card && card.querySelector(".card-header");
        var name = (caption || header || {}).textContent;
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-tb-scroll-box", "");
        if (box.tagName === "DIV") box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          box.setAttribute("aria-label", name ? name.trim() : document.body.dataset.tbScrollLabel);
          box.setAttribute("data-tb-scroll-named", "");
        }
      }
    } else if (box.hasAttribute("data-tb-scroll-box") && box !== document.activeElement) {
      ["tabindex", "data-tb-scroll-box"].forEach(function (name) { box.removeAttribute(name); });
      if (box.tagName === "DIV") box.removeAttribute("role");
      if (box.hasAttribute("data-tb-scroll-named")) {
        box.removeAttribute("aria-label");
        box.removeAttribute("data-tb-scroll-named");
      }
    }
  });
}
document.addEventListener("DOMContentLoaded", tbScrollBoxes);
window.addEventListener("resize", tbScrollBoxes);
