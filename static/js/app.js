// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-toggle-nav]");
    if (toggle) {
      var nav = document.getElementById("mainnav");
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    var confirmButton = event.target.closest("[data-confirm]");
    if (confirmButton && !window.confirm(confirmButton.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-autosubmit]")) {
      event.target.form.submit();
    }
  });
  // Phones: each row of a table becomes a card; every cell is labelled by its column's
  // heading (data-label, shown by static/css/app.css under 640 px). A cell that already
  // has a data-label (set by its template) keeps it.
  document.querySelectorAll("table.table").forEach(function (table) {
    var heads = [];
    table.querySelectorAll("thead tr:first-child th").forEach(function (th) {
      for (var i = 0; i < (th.colSpan || 1); i++) { heads.push(th.textContent.trim()); }
    });
    if (!heads.length) { return; }
    table.classList.add("cards-on-phone");
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var col = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        if (!cell.hasAttribute("data-label") && heads[col] && cell.colSpan < heads.length) {
          cell.setAttribute("data-label", heads[col]);
        }
        col += cell.colSpan || 1;
      });
    });
  });
  // Long sections fold on a phone (summaries first) and unfold for print.
  var phone = window.matchMedia("(max-width: 640px)");
  document.querySelectorAll("details[data-fold-on-phone]").forEach(function (box) {
    box.open = !phone.matches;
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (box) {
      if (!box.open) { box.setAttribute("data-closed-for-print", ""); box.open = true; }
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-closed-for-print]").forEach(function (box) {
      box.removeAttribute("data-closed-for-print");
      box.open = false;
    });
  });
  // Warn before leaving a report with unsaved changes.
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  });
  // The import preview's unit chooser: the text box searches the page's unit list
  // (<datalist>); a unit picked there becomes a ticked chip at once. Without JavaScript
  // the typed name is read by the server when the form is applied.
  document.querySelectorAll("[data-chooser-input]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var chips = input.closest("[data-unit-chooser]").querySelector(".chips");
    function pick() {
      var value = input.value.trim();
      var match = value.match(/\[([^\]]+)\]$/);
      if (!list || !match || !Array.prototype.some.call(list.options, function (option) {
        return option.value === value;
      })) { return false; }
      var code = match[1];
      var box = Array.prototype.find.call(chips.querySelectorAll("input"), function (el) {
        return el.value === code;
      });
      if (!box) {
        var item = document.createElement("li");
        var label = document.createElement("label");
        box = document.createElement("input");
        box.type = "checkbox";
        box.name = input.getAttribute("data-chooser-name");
        box.value = code;
        label.className = "chip";
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + value.slice(0, match.index).trim()));
        item.appendChild(label);
        chips.appendChild(item);
      }
      box.checked = true;
      input.value = "";
      return true;
    }
    input.addEventListener("change", pick);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); pick(); }
    });
  });
  // Reading a PDF: poll the job's progress, then go on to the preview (or the error).
  document.querySelectorAll("[data-poll-url]").forEach(function (box) {
    var bar = box.querySelector("progress");
    var label = box.querySelector("[data-poll-label]");
    function poll() {
      fetch(box.getAttribute("data-poll-url"), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          if (bar && state.pages_total) {
            bar.max = state.pages_total;
            bar.value = state.pages_done;
            bar.textContent = state.percent + "%";
          }
          if (label && state.label) { label.textContent = state.label; }
          if (state.next) { window.location.assign(state.next); } else { window.setTimeout(poll, 1000); }
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  });
})();
