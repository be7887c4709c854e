/*
 * Filter forms send only the fields that are filled (documents/views/addresses.py): one
 * address per page, short links, no redirect. Runs on forms marked data-compact; the empty
 * fields — and a select marked data-implicit (showing a default the address did not ask for,
 * like the order in effect) that the reader left as it was — are disabled just before the
 * form is sent (a disabled field is not sent) and enabled again when the page is shown from the
 * back/forward cache. No inline script: the site's Content-Security-Policy allows none.
 */
(function () {
  "use strict";
  function untouchedDefault(field) {
    if (!field.hasAttribute("data-implicit") || !field.options) return false;
    var shown = 0;  // the option shown on load: the one marked selected, else the first
    Array.prototype.forEach.call(field.options, function (option, i) {
      if (option.defaultSelected) shown = i;
    });
    return field.selectedIndex === shown;
  }
  function enableAll(form) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.dataset.compacted) { field.disabled = false; delete field.dataset.compacted; }
    });
  }
  document.querySelectorAll("form[data-compact]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        var empty = typeof field.value === "string" && field.value.trim() === "";
        if (field.name && !field.disabled && field.type !== "submit" &&
            (empty || untouchedDefault(field))) {
          field.disabled = true;
          field.dataset.compacted = "1";
        }
      });
    });
    window.addEventListener("pageshow", function () { enableAll(form); });
  });
})();
