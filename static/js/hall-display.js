// The hall display (torchbearer/display.py): one slide at a time, every data-tb-seconds seconds;
// after a full round, once data-tb-reload-seconds have passed, the page reloads itself to show
// fresh figures (when the server answers; else it keeps cycling and tries after the next round).
// Each slide shown gets data-shown (the browser test waits for all of them). Without this
// script every slide shows, one under the other.
(function () {
  var root = document.querySelector("[data-tb-hall]");
  if (!root) return;
  var slides = Array.prototype.slice.call(document.querySelectorAll("[data-tb-slide]"));
  var seconds = Math.max(1, parseFloat(root.getAttribute("data-tb-seconds")) || 15);
  var reloadAfter = Math.max(seconds, parseFloat(root.getAttribute("data-tb-reload-seconds")) || 300) * 1000;
  var counter = document.querySelector("[data-tb-slide-counter]");
  var started = Date.now();
  var current = -1;
  var reloading = false;

  function show(index) {
    slides.forEach(function (slide, position) {
      slide.classList.toggle("is-active", position === index);
    });
    slides[index].setAttribute("data-shown", "true");
    root.setAttribute("data-tb-current", String(index));
    if (counter) counter.textContent = slides.length > 1 ? index + 1 + " / " + slides.length : "";
  }

  function reloadWhenAnswered() {
    if (reloading || typeof window.fetch !== "function") return;
    reloading = true;
    window.fetch(window.location.href, { method: "HEAD", cache: "no-store", credentials: "omit" })
      .then(function (response) {
        // 404: the screen was revoked, and the reload shows that; anything else but 200 is a
        // passing fault of the server: keep the slides showing.
        if (response.ok || response.status === 404) window.location.reload();
        else reloading = false;
      })
      .catch(function () { reloading = false; });
  }

  function next() {
    var following = current + 1;
    if (following >= slides.length) {
      following = 0;
      if (Date.now() - started >= reloadAfter) reloadWhenAnswered();
    }
    current = following;
    show(current);
  }

  var time = document.querySelector("[data-tb-clock-time]");
  var date = document.querySelector("[data-tb-clock-date]");
  function two(number) { return (number < 10 ? "0" : "") + number; }
  function tick() {
    var now = new Date();
    if (time) time.textContent = two(now.getHours()) + ":" + two(now.getMinutes());
    if (date) date.textContent = now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  if (slides.length) {
    root.classList.add("tb-hall-cycling");
    next();
    window.setInterval(next, seconds * 1000);
  }
  tick();
  window.setInterval(tick, 1000);
})();
