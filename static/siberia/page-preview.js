/* Page previews: hovering or focusing a link to another page of this site shows that page's summary.

   As zh.wikipedia's page previews do: after the pointer or the focus has rested on the link for
   SHOW_DELAY, the page's summary (/api/rest_v1/page/summary/<title>) is fetched, once per page, and
   its title and first paragraph are shown in a role="tooltip" element that describes the link
   (aria-describedby) while it shows. Leaving the link before then asks nothing; leaving it after
   hides the preview (a moment later, so the pointer can move onto it), as do blur, click and Escape.

   Which links: those the server resolved to a page here (`a.wikilink` without `.external`, which a
   link to zh.wikipedia or to a page that does not exist here has); their `title` is the page's
   title. Where to ask: the article's `data-summary-url`, the summaries' address up to the title.
   In what variant: the page's own (<html lang>), sent as Accept-Language as the REST API reads it.
   The title goes in as text (textContent); the only markup inserted is the summary's extract_html,
   which the server sanitised. Positions are set through the CSSOM, which the CSP (style-src 'self')
   allows. */
(function () {
  "use strict";

  var SHOW_DELAY = 500; // ms a link is hovered or focused before its summary is asked for
  var HIDE_DELAY = 150; // ms to reach the preview with the pointer before it hides

  var article = document.querySelector("[data-summary-url]");
  if (!article || !window.fetch) {
    return;
  }
  var base = article.getAttribute("data-summary-url");
  var language = document.documentElement.lang || "zh";

  var summaries = new Map(); // summary URL -> promise of the summary, or of null when there is none
  var preview = null; // the one preview element, made on first use
  var waitingFor = null; // the link whose delay is running or whose summary is on its way
  var shownFor = null; // the link whose preview is on screen
  var showTimer = 0;
  var hideTimer = 0;

  function summaryOf(title) {
    var url = base + encodeURIComponent(title);
    if (!summaries.has(url)) {
      var asked = window
        .fetch(url, { headers: { "Accept-Language": language }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .catch(function () {
          return null; // offline or refused: the link works as a link, without a preview
        });
      summaries.set(url, asked);
    }
    return summaries.get(url);
  }

  function previewElement() {
    if (preview) {
      return preview;
    }
    preview = document.createElement("div");
    preview.className = "page-preview";
    preview.id = "page-preview";
    preview.setAttribute("role", "tooltip");
    preview.hidden = true;
    var title = document.createElement("p");
    title.className = "page-preview-title";
    var extract = document.createElement("div");
    extract.className = "page-preview-extract";
    preview.appendChild(title);
    preview.appendChild(extract);
    preview.addEventListener("mouseenter", cancelHide);
    preview.addEventListener("mouseleave", hideSoon);
    (document.querySelector("main") || document.body).appendChild(preview);
    return preview;
  }

  // displaytitle is HTML (MediaWiki's title markup): only its text is taken, from an inert document.
  function textOf(markup) {
    return new DOMParser().parseFromString(markup, "text/html").body.textContent;
  }

  function fill(summary) {
    var element = previewElement();
    element.querySelector(".page-preview-title").textContent = summary.displaytitle
      ? textOf(summary.displaytitle)
      : summary.title;
    var extract = element.querySelector(".page-preview-extract");
    if (summary.extract_html) {
      extract.innerHTML = summary.extract_html; // sanitised by the server, links and markers taken out
    } else {
      extract.textContent = summary.extract;
    }
    element.setAttribute("lang", summary.lang || language);
  }


  function show(link, summary) {
    cancelHide();
    if (shownFor && shownFor !== link) {
      shownFor.removeAttribute("aria-describedby");
    }
    fill(summary);
    preview.hidden = false;
    link.setAttribute("aria-describedby", preview.id);
    shownFor = link;
    window.siberiaPlaceBeside(preview, link);
  }

  function hide() {
    cancelHide();
    if (shownFor) {
      shownFor.removeAttribute("aria-describedby");
      shownFor = null;
    }
    if (preview) {
      preview.hidden = true;
    }
  }

  function hideSoon() {
    cancelHide();
    hideTimer = window.setTimeout(hide, HIDE_DELAY);
  }

  function cancelHide() {
    window.clearTimeout(hideTimer);
    hideTimer = 0;
  }

  function cancelWait() {
    window.clearTimeout(showTimer);
    showTimer = 0;
    waitingFor = null;
  }

  function rest(link, title) {
    if (link === shownFor) {
      cancelHide();
      return;
    }
    cancelWait();
    waitingFor = link;
    showTimer = window.setTimeout(function () {
      summaryOf(title).then(function (summary) {
        // Shown only if the reader is still on this link once it arrives.
        if (summary && waitingFor === link) {
          waitingFor = null;
          show(link, summary);
        }
      });
    }, SHOW_DELAY);
  }

  function leave() {
    cancelWait();
    if (shownFor) {
      hideSoon();
    }
  }

  article.querySelectorAll("a.wikilink[title]:not(.external)").forEach(function (link) {
    var title = link.getAttribute("title");
    link.addEventListener("mouseenter", function () {
      // The browser's own tooltip of the title would cover the preview: it is away while the pointer is here.
      link.removeAttribute("title");
      rest(link, title);
    });
    link.addEventListener("focus", function () {
      rest(link, title);
    });
    link.addEventListener("mouseleave", function () {
      link.setAttribute("title", title);
      leave();
    });
    link.addEventListener("blur", function () {
      cancelWait();
      if (!(preview && preview.matches(":hover"))) {
        hide();
      }
    });
    link.addEventListener("click", function () {
      cancelWait();
      hide();
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      cancelWait();
      hide();
    }
  });
  window.addEventListener("resize", hide);
})();
