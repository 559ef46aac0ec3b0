/*
 * The portal's behaviour in the browser, in a file of the site (the pages'
 * Content-Security-Policy allows no inline script). Each part enhances what
 * works without it:
 *
 * - Language: a language link the reader follows is remembered as their
 *   choice, and keeps the place on the page (#anchor: a glossary entry has
 *   the same anchor in every language). A reader who has neither chosen nor dismissed the offer, and
 *   whose browser prefers another of the portal's languages, is offered the
 *   page in that language, in that language's words. Never a redirect.
 *   Remembered in the browser only (localStorage "portal.language" and
 *   "portal.suggestion"; no cookie), as the privacy note says.
 * - Home page search: the query goes to the theme's own search, opened with
 *   it (without script the form reloads the page with ?q=, which the theme's
 *   search also reads).
 * - Glossary: entries are filtered as one types (the words typed, as a
 *   phrase, anywhere in the entry), ignoring case and Vietnamese diacritics;
 *   the count is announced to screen readers.
 */
(function () {
  "use strict";

  var CHOICE = "portal.language";
  var DISMISSED = "portal.suggestion";

  function load(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (error) { /* storage disabled: nothing kept */ }
  }

  function rememberLanguageChoice() {
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-portal-language]") : null;
      if (!link) return;
      save(CHOICE, link.getAttribute("data-portal-language"));
      if (location.hash && !link.hash) link.hash = location.hash;
    });
  }

  function preferredLanguage(codes) {
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i]).toLowerCase().split("-")[0];
      if (codes.indexOf(code) >= 0) return code;
    }
    return null;
  }

  function offerPreferredLanguage() {
    var box = document.querySelector("[data-portal-suggest]");
    if (!box || load(CHOICE) || load(DISMISSED)) return;
    var page = document.documentElement.lang;
    var offers = box.querySelectorAll("[data-lang]");
    var codes = [page];
    for (var i = 0; i < offers.length; i++) codes.push(offers[i].getAttribute("data-lang"));
    var wanted = preferredLanguage(codes);
    if (!wanted || wanted === page) return;
    var offer = box.querySelector('[data-lang="' + wanted + '"]');
    if (!offer) return;
    offer.hidden = false;
    box.hidden = false;
    offer.querySelector("[data-portal-dismiss]").addEventListener("click", function () {
      save(DISMISSED, "dismissed");
      box.hidden = true;
    });
  }

  function handSearchToTheme() {
    var form = document.querySelector("form[data-portal-search]");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      var query = form.querySelector("input[name=q]").value.trim();
      var toggle = document.getElementById("__search");
      var input = document.querySelector("form[name=search] input[name=query]");
      if (!query || !toggle || !input) return;
      event.preventDefault();
      if (!toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
      input.value = query;
      input.focus();
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function blockOf(table) {
    // The theme wraps tables in a scrolling box: hide the box, find the heading before it.
    return table.closest(".md-typeset__scrollwrap") || table;
  }

  function headingOf(block) {
    for (var node = block.previousElementSibling; node; node = node.previousElementSibling)
      if (node.tagName === "H2") return node;
    return null;
  }

  function filterGlossary() {
    var box = document.querySelector("[data-portal-filter]");
    if (!box) return;
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var tables = Array.prototype.slice.call(document.querySelectorAll("table[data-portal-glossary]"));
    var rows = [];
    tables.forEach(function (table) {
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        rows.push({ row: row, table: table, text: fold(row.textContent).replace(/\s+/g, " ") });
      });
    });
    var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
    function say(count) {
      if (!count) return status.getAttribute("data-none");
      var form = plural ? plural.select(count) : "other";
      var text = status.getAttribute("data-count-" + form) || status.getAttribute("data-count-other");
      return text.replace("{count}", String(count));
    }
    function apply() {
      var phrase = fold(input.value).replace(/\s+/g, " ").trim();
      var shown = 0;
      var visible = new Map();
      rows.forEach(function (entry) {
        var match = entry.text.indexOf(phrase) >= 0;
        entry.row.hidden = !match;
        if (match) {
          shown++;
          visible.set(entry.table, true);
        }
      });
      tables.forEach(function (table) {
        var hide = !visible.has(table);
        var block = blockOf(table);
        block.hidden = hide;
        var heading = headingOf(block);
        if (heading) heading.hidden = hide;
      });
      status.textContent = phrase ? say(shown) : "";
    }
    input.addEventListener("input", apply);
    box.hidden = false;
    if (input.value) apply();
  }

  rememberLanguageChoice();
  offerPreferredLanguage();
  handSearchToTheme();
  filterGlossary();
})();
