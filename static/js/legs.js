/* The legs of a request: "Add a leg" adds a row that starts where the previous leg ended, "Remove this leg"
   takes a row away, both without reloading the page. Without this script the same buttons post the form and
   the server shows it again with the row added or removed. */
(function () {
  "use strict";
  var box = document.querySelector("[data-legs]");
  if (!box) return;
  var prefix = box.getAttribute("data-prefix");
  var form = box.closest("form");
  var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
  var maxForms = Number(form.querySelector('input[name="' + prefix + '-MAX_NUM_FORMS"]').value);
  var list = box.querySelector("[data-leg-list]");
  var template = box.querySelector("template[data-leg-template]");
  var addButton = box.querySelector("[data-add-leg]");
  var pattern = new RegExp("(^|_)" + prefix + "-(\\d+|__prefix__)-");

  function rows() {
    return Array.prototype.slice.call(list.querySelectorAll("[data-leg]"));
  }

  function field(row, name) {
    return row.querySelector('[name$="-' + name + '"]');
  }

  // Rows are numbered 0, 1, 2… in their names, as Django's formset expects.
  function renumber() {
    rows().forEach(function (row, index) {
      row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && value.indexOf(prefix + "-") !== -1) {
            el.setAttribute(attr, value.replace(pattern, "$1" + prefix + "-" + index + "-"));
          }
        });
      });
      row.querySelector("[data-leg-number]").textContent = String(index + 1);
      var remove = row.querySelector("[data-remove-leg]");
      remove.value = String(index);
      remove.hidden = index === 0;
    });
    total.value = String(rows().length);
    addButton.hidden = rows().length >= maxForms;
    form.dispatchEvent(new CustomEvent("legs-changed")); // the map picker reads the ends again
  }

  addButton.addEventListener("click", function (event) {
    event.preventDefault();
    var previous = rows()[rows().length - 1];
    var index = rows().length;
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
    list.insertAdjacentHTML("beforeend", html);
    var row = rows()[index];
    if (previous) {
      ["name", "lat", "lon"].forEach(function (part) {
        field(row, "from_" + part).value = field(previous, "to_" + part).value;
      });
    }
    field(row, "to_name").focus();
    renumber();
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("[data-remove-leg]");
    if (!button) return;
    event.preventDefault();
    if (rows().length > 1) button.closest("[data-leg]").remove();
    // A row left without its start starts where the row before it now ends.
    rows().forEach(function (row, index) {
      var before = rows()[index - 1];
      var empty = ["name", "lat", "lon"].every(function (part) { return !field(row, "from_" + part).value; });
      if (before && empty) {
        ["name", "lat", "lon"].forEach(function (part) {
          field(row, "from_" + part).value = field(before, "to_" + part).value;
        });
      }
    });
    renumber();
  });

  renumber();
})();
