// Small progressive enhancements; every page works without them.
document.addEventListener("change", function (event) {
  var box = event.target.closest("[data-tb-select-all]");
  if (!box) return;
  document.querySelectorAll(box.dataset.tbSelectAll).forEach(function (item) {
    if (!item.disabled) item.checked = box.checked;
  });
});
