// TinhGon: small behaviours without inline scripts (CSP script-src 'self').
document.addEventListener("DOMContentLoaded", function () {
  // A select or date input with data-autosubmit submits its form on change.
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  // Buttons with data-confirm ask before submitting.
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
});

// Unit pickers of the event form: results carry data-pick-*, chosen units become chips and ids
// go into the hidden input named like the picker's target.
(function () {
  function hidden(target) { return document.querySelector("input[type=hidden][name='" + target + "']"); }
  function ids(target) {
    var el = hidden(target);
    return el && el.value ? el.value.split(",").filter(function (x) { return x; }) : [];
  }
  function chip(target, id, label) {
    var span = document.createElement("span");
    span.className = "badge text-bg-primary";
    span.setAttribute("data-chip-id", id);
    span.textContent = label + " ";
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "btn-close btn-close-white btn-sm";
    btn.setAttribute("aria-label", "Bỏ");
    btn.setAttribute("data-unpick", target);
    btn.setAttribute("data-unpick-id", id);
    span.appendChild(btn);
    return span;
  }
  document.addEventListener("click", function (ev) {
    var pick = ev.target.closest("[data-pick-target]");
    if (pick) {
      var target = pick.getAttribute("data-pick-target");
      var picker = document.querySelector("[data-picker='" + target + "']");
      var multiple = picker && picker.getAttribute("data-multiple") === "1";
      var id = pick.getAttribute("data-pick-id");
      var current = multiple ? ids(target) : [];
      if (current.indexOf(id) < 0) { current.push(id); }
      hidden(target).value = current.join(",");
      var box = document.querySelector("[data-picked-for='" + target + "']");
      if (!multiple) { box.innerHTML = ""; }
      if (!box.querySelector("[data-chip-id='" + id + "']")) {
        box.appendChild(chip(target, id, pick.getAttribute("data-pick-label")));
      }
      // Done with this search: empty the box and the result list, ready for the next unit.
      var search = document.getElementById("q_" + target);
      if (search) { search.value = ""; search.focus(); }
      var results = document.getElementById("results_" + target);
      if (results) { results.innerHTML = ""; }
      return;
    }
    var unpick = ev.target.closest("[data-unpick]");
    if (unpick) {
      var t = unpick.getAttribute("data-unpick");
      var rid = unpick.getAttribute("data-unpick-id");
      hidden(t).value = ids(t).filter(function (x) { return x !== rid; }).join(",");
      unpick.parentElement.remove();
    }
  });
})();
