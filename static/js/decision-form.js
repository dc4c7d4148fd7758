/* The HC's decision form: marks, as the HC types, what differs from the proposal put to the HCT (the server
   marks the same on a form sent back with errors; without this script the page works the same). */
(function () {
  "use strict";
  function lines(text) {
    return text.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
  }
  function item(kind, label, text) {
    var li = document.createElement("li");
    li.className = kind;
    var mark = document.createElement("span");
    mark.className = "diff-mark";
    mark.textContent = label;
    var value = document.createElement("bdi");
    value.textContent = text;
    li.appendChild(mark);
    li.appendChild(document.createTextNode(" "));
    if (kind === "removed") {
      var del = document.createElement("del");
      del.appendChild(value);
      li.appendChild(del);
    } else {
      li.appendChild(value);
    }
    return li;
  }
  document.querySelectorAll("[data-compare]").forEach(function (box) {
    var kind = box.getAttribute("data-compare");
    var proposed = box.getAttribute("data-proposed") || "";
    var flag = box.querySelector("[data-changed-flag]");
    function current() {
      if (kind === "outcome") {
        var checked = box.querySelector("input:checked");
        return checked ? checked.value : "";
      }
      var input = box.querySelector("input, textarea");
      return input ? input.value : "";
    }
    function update() {
      var changed;
      if (kind === "conditions") {
        var before = lines(proposed);
        var after = lines(current());
        var added = after.filter(function (c) { return before.indexOf(c) < 0; });
        var removed = before.filter(function (c) { return after.indexOf(c) < 0; });
        var list = box.querySelector("[data-diff]");
        list.textContent = "";
        added.forEach(function (c) { list.appendChild(item("added", list.dataset.addedLabel, c)); });
        removed.forEach(function (c) { list.appendChild(item("removed", list.dataset.removedLabel, c)); });
        changed = added.length > 0 || removed.length > 0;
      } else {
        changed = current() !== proposed;
      }
      box.classList.toggle("changed", changed);
      if (flag) flag.hidden = !changed;
    }
    box.addEventListener("input", update);
    box.addEventListener("change", update);
    update();
  });
})();
