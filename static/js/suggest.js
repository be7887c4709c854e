/*
 * Suggestions as one types in the place and body fields of the filter forms
 * (documents/filters/place_fields.py: SuggestInput). Without this script the field is a plain
 * text box and the server finds what was typed; with it, the box becomes a combobox (the
 * WAI-ARIA pattern: role=combobox, aria-expanded, aria-controls a listbox,
 * aria-activedescendant) listing suggestions from the API address in data-suggest (?q=; each
 * result has slug and label). Up/Down move, Enter chooses (the box then holds the slug),
 * Escape closes; a click chooses too. The words announced come from data-suggest-* (the page's
 * language). No inline script, no style attribute: the site's Content-Security-Policy allows
 * neither.
 */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var MIN_CHARS = 2;
  var SHOWN = 10;

  function setUp(input, index) {
    var listId = (input.id || "suggest-" + index) + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    var chosenText = input.form && input.id
      ? document.querySelector("#" + CSS.escape(input.id) + "_helptext [data-chosen]") : null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var timer = null;
    var asked = 0;
    var active = -1;
    var items = [];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function activate(i) {
      var options = list.children;
      if (!options.length) return;
      active = (i + options.length) % options.length;
      for (var k = 0; k < options.length; k++) {
        options[k].setAttribute("aria-selected", k === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function choose(i) {
      var item = items[i];
      if (!item) return;
      input.value = item.slug;
      if (chosenText) {
        chosenText.textContent = (input.dataset.suggestChosen || "%(label)s")
          .replace("%(label)s", item.label) + " ";
      }
      close();
    }

    function show(results) {
      items = results.slice(0, SHOWN);
      list.textContent = "";
      items.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.label || item.name;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          choose(i);
        });
        list.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = (input.dataset.suggestFound || "%(count)s")
          .replace("%(count)s", String(items.length));
      } else {
        close();
        status.textContent = input.dataset.suggestNone || "";
      }
    }

    function ask() {
      var text = input.value.trim();
      var ticket = ++asked;
      if (text.length < MIN_CHARS) {
        close();
        return;
      }
      var source = input.dataset.suggest;  // "?lang=en" on English pages
      var url = source + (source.indexOf("?") < 0 ? "?" : "&") + "page_size=" + SHOWN + "&q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (ticket === asked) show(data.results || []);
        })
        .catch(function () { if (ticket === asked) close(); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (open) activate(active + 1); else if (items.length) { show(items); activate(0); } else ask();
      } else if (event.key === "ArrowUp") {
        if (open) { event.preventDefault(); activate(active - 1); }
      } else if (event.key === "Enter") {
        if (open && active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); }
      }
    });
    input.addEventListener("blur", close);
  }

  var inputs = document.querySelectorAll("input[data-suggest]");
  for (var i = 0; i < inputs.length; i++) setUp(inputs[i], i);
})();
