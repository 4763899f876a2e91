// Small progressive enhancements; every page works without them.
document.addEventListener("change", function (event) {
  var box = event.target.closest("[data-tb-select-all]");
  if (!box) return;
  document.querySelectorAll(box.dataset.tbSelectAll).forEach(function (item) {
    if (!item.disabled) item.checked = box.checked;
  });
});

// What a chart shows, in words, for a screen reader: its title, then each series' total and its
// highest point ("服务记录：合计 120，最高 3月（20）"). The words are the page's (data-tb-chart-* on <body>).
function chartInWords(title, labels, datasets) {
  var words = document.body.dataset;
  var series = datasets.map(function (set) {
    var total = set.data.reduce(function (sum, value) { return sum + value; }, 0);
    var top = set.data.indexOf(Math.max.apply(null, set.data));
    var text = set.label + words.tbChartColon + words.tbChartTotal + " " + Math.round(total * 10) / 10;
    if (top >= 0 && set.data[top] > 0) text += words.tbChartComma + words.tbChartHighest + " " + labels[top] + words.tbChartOpen + set.data[top] + words.tbChartClose;
    return text;
  });
  return title + words.tbChartColon + series.join(words.tbChartSemicolon);
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

// A box that scrolls sideways (a wide table on a phone) is reached with the Tab key and scrolled
// with the arrow keys: it gets a tab stop, and a name, when it overflows and holds nothing else
// to focus (WCAG 2.1.1).
function tbScrollBoxes() {
  document.querySelectorAll(".table-responsive, .tb-scroll, .tb-scroll-x").forEach(function (box) {
    var overflows = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    var focusable = box.querySelector("a[href], button, input, select, textarea, [tabindex]:not([data-tb-scroll-box])");
    if (overflows && !focusable) {
      if (!box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.body.dataset.tbScrollLabel);
        box.setAttribute("data-tb-scroll-box", "");
      }
    } else if (box.hasAttribute("data-tb-scroll-box")) {
      ["tabindex", "role", "aria-label", "data-tb-scroll-box"].forEach(function (name) { box.removeAttribute(name); });
    }
  });
}
document.addEventListener("DOMContentLoaded", tbScrollBoxes);
window.addEventListener("resize", tbScrollBoxes);
