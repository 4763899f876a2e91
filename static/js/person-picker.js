// People pickers that search as you type (branches.kernel.fields.PersonPicker): a combobox
// (ARIA 1.2) over the search endpoint. Without this script the text box takes staff numbers; with
// it the text box searches, the arrow keys move through the matches, Enter or a tap chooses one.
// One person travels in the hidden input, several as ticked boxes (untick to remove).
(function () {
  "use strict";

  var DELAY = 200;  // milliseconds of quiet typing before a search

  function setUp(box) {
    var input = box.querySelector("[data-tb-picker-input]");
    var hint = box.querySelector("[data-tb-picker-hint]");
    var hidden = box.querySelector("[data-tb-picker-value]");
    var chosenBox = box.querySelector("[data-tb-picker-chosen]");
    var multiple = box.hasAttribute("data-tb-picker-multiple");
    if (!input) return;

    var list = document.createElement("ul");
    list.id = input.id + "_matches";
    list.className = "tb-picker-list list-group shadow";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var label = document.querySelector("label[for='" + input.id + "']");
    if (label) {
      if (!label.id) label.id = input.id + "_label";
      list.setAttribute("aria-labelledby", label.id);
    } else if (input.hasAttribute("aria-label")) {
      list.setAttribute("aria-label", input.getAttribute("aria-label"));
    }
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    box.appendChild(status);
    box.classList.add("position-relative");

    // The text is the script's own from now on: the choice travels in the hidden input or the boxes.
    input.removeAttribute("name");
    input.value = multiple ? "" : (input.dataset.tbPickerLabel || "");
    input.placeholder = box.dataset.tbPickerPlaceholder;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    if (hint) {
      if (multiple) hint.textContent = box.dataset.tbPickerRemove;
      else hint.hidden = true;
    }

    var results = [];
    var active = -1;
    var timer = null;
    var asked = 0;
    var kept = hidden ? { id: hidden.value, label: input.value } : null;  // the choice before typing

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function render() {
      list.replaceChildren();
      results.forEach(function (person, index) {
        var option = document.createElement("li");
        option.id = list.id + "_" + index;
        option.className = "list-group-item list-group-item-action" + (index === active ? " active" : "");
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", index === active ? "true" : "false");
        option.textContent = person.label + " ";
        var number = document.createElement("span");
        number.className = "small" + (index === active ? "" : " text-body-secondary");
        number.textContent = person.staff_number;
        option.appendChild(number);
        // mousedown, not click: the text box keeps the focus, and no blur closes the list first
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(index);
        });
        list.appendChild(option);
      });
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "list-group-item text-body-secondary";
        none.setAttribute("role", "option");
        none.setAttribute("aria-disabled", "true");
        none.setAttribute("aria-selected", "false");
        none.textContent = box.dataset.tbPickerNone;
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", list.id + "_" + active);
        list.children[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function show(found) {
      results = found;
      active = found.length ? 0 : -1;
      render();
      status.textContent = found.length ? box.dataset.tbPickerFound + " " + found.length : box.dataset.tbPickerNone;
    }

    function search() {
      var text = input.value.trim();
      if (!text) {
        results = [];
        close();
        return;
      }
      var ask = ++asked;
      fetch(box.dataset.tbPicker + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (answer) {
          if (ask === asked) show(answer.results);
        })
        .catch(function () {
          if (ask !== asked) return;
          results = [];
          close();
          status.textContent = box.dataset.tbPickerFailed;
        });
    }

    function tick(person) {
      var found = chosenBox.querySelector("input[type=checkbox][value='" + Number(person.id) + "']");
      if (found) {
        found.checked = true;
        return;
      }
      var item = document.createElement("div");
      item.className = "form-check py-1";
      var checkbox = document.createElement("input");
      checkbox.type = "checkbox";
      checkbox.className = "form-check-input";
      checkbox.name = box.dataset.tbPickerName;
      checkbox.value = person.id;
      checkbox.id = input.id + "_person_" + Number(person.id);
      checkbox.checked = true;
      var name = document.createElement("label");
      name.className = "form-check-label";
      name.htmlFor = checkbox.id;
      name.textContent = person.label;
      item.appendChild(checkbox);
      item.appendChild(name);
      chosenBox.appendChild(item);
    }

    function choose(index) {
      var person = results[index];
      if (!person) return;
      if (multiple) {
        tick(person);
        input.value = "";
      } else {
        hidden.value = person.id;
        input.value = person.label;
        kept = { id: String(person.id), label: person.label };
      }
      results = [];
      close();
      status.textContent = person.label;
    }

    function move(step) {
      if (!results.length) return;
      active = (active + step + results.length) % results.length;
      render();
    }

    input.addEventListener("focus", function () {
      if (hidden && hidden.value) input.select();  // typing replaces the name chosen
    });
    input.addEventListener("input", function () {
      if (hidden) hidden.value = "";  // typing drops the choice until another is made
      clearTimeout(timer);
      timer = setTimeout(search, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open && results.length) render();
        else move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter" && open) {
        event.preventDefault();  // choosing, not sending the form
        if (active >= 0) choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () {
      close();
      // Left with a text but nothing chosen: the choice before typing stands again.
      if (hidden && !hidden.value && input.value.trim() && kept && kept.id) {
        hidden.value = kept.id;
        input.value = kept.label;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-tb-picker]").forEach(setUp);
  });
})();
