/* Title suggestions as you type, for every search box with data-suggest-url and a <datalist>.

   A moment after typing stops (and not while an input method is still composing), the box asks
   `data-suggest-url?q=…` (JSON {"query", "titles": [{"title", "url"}]}) and fills its datalist with the
   titles. Suggestions are variant-blind (战俘 finds 戰俘…); browsers show only options whose value
   or label contains what was typed, so a title in the other script carries the typed text as its
   label. A chosen title submits as an exact title, which goes straight to the page. */
(function () {
  "use strict";

  var DELAY = 200; // ms after the last keystroke

  function setUp(input) {
    var list = input.list;
    var url = input.getAttribute("data-suggest-url");
    if (!list || !url) {
      return;
    }
    var timer = 0;
    var pending = null;
    var asked = null;

    function fill(titles, query) {
      var folded = query.toLowerCase();
      var options = titles.map(function (entry) {
        var option = document.createElement("option");
        option.value = entry.title;
        if (entry.title.toLowerCase().indexOf(folded) === -1) {
          option.label = query + "…"; // shown beside the title; lets the browser keep the option
        }
        return option;
      });
      list.replaceChildren.apply(list, options);
    }

    function ask() {
      var query = input.value.trim();
      if (query === asked) {
        return;
      }
      asked = query;
      if (pending) {
        pending.abort();
        pending = null;
      }
      if (!query) {
        fill([], "");
        return;
      }
      var controller = new AbortController();
      pending = controller;
      fetch(url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (pending === controller) {
            pending = null;
          }
          if (data && Array.isArray(data.titles) && input.value.trim() === query) {
            fill(data.titles, query);
          }
        })
        .catch(function () {
          // Aborted by newer typing, or offline: the box still works as a plain search box.
          if (pending === controller) {
            pending = null;
          }
        });
    }

    function askSoon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    }

    input.addEventListener("input", function (event) {
      if (event.isComposing || event.inputType === "insertReplacementText") {
        return; // pinyin still being composed, or a suggestion just chosen
      }
      askSoon();
    });
    input.addEventListener("compositionend", askSoon);
  }

  document.querySelectorAll("input[data-suggest-url][list]").forEach(setUp);
})();
