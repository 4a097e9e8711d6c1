/* Footnote previews: hovering or focusing a footnote marker ([1]) shows its reference in a tooltip.

   Each footnote marker (`sup.reference > a`, linking within the page) is described (aria-describedby) by a
   role="tooltip" element holding a copy (cloneNode) of the `.reference-text` of the list item it
   points to, so a screen reader reads the reference when the marker gets focus. The tooltip shows on
   mouseenter and focus, and hides on mouseleave (after a moment, so the pointer can move onto it),
   blur, click, and Escape. No HTML is built from strings; positions are set through the CSSOM, which
   the CSP (style-src 'self') allows. */
(function () {
  "use strict";

  var HIDE_DELAY = 150; // ms to reach the tooltip with the pointer before it hides

  var tips = new Map(); // list item id -> tooltip
  var shown = null; // the tooltip on screen
  var hideTimer = 0;

  function noteOf(link) {
    var id;
    try {
      id = decodeURIComponent(link.getAttribute("href").slice(1));
    } catch (error) {
      return null;
    }
    var note = document.getElementById(id);
    return note && note.querySelector(".reference-text") ? note : null;
  }

  function tipFor(note) {
    var tip = tips.get(note.id);
    if (tip) {
      return tip;
    }
    var copy = note.querySelector(".reference-text").cloneNode(true);
    // The copy must not repeat ids, nor add stops to the tab order.
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (element) {
      element.removeAttribute("id");
    });
    copy.querySelectorAll("a, button, input, select, textarea, [tabindex]").forEach(function (element) {
      element.setAttribute("tabindex", "-1");
    });
    tip = document.createElement("div");
    tip.className = "cite-preview";
    tip.id = "cite-preview-" + note.id;
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.appendChild(copy);
    tip.addEventListener("mouseenter", cancelHide);
    tip.addEventListener("mouseleave", hideSoon);
    (document.querySelector("main") || document.body).appendChild(tip); // inside the landmark it explains
    tips.set(note.id, tip);
    return tip;
  }


  function show(link) {
    var note = noteOf(link);
    if (!note) {
      return;
    }
    var tip = tipFor(note);
    cancelHide();
    if (shown && shown !== tip) {
      shown.hidden = true;
    }
    tip.hidden = false;
    shown = tip;
    window.siberiaPlaceBeside(tip, link);
  }

  function hide() {
    cancelHide();
    if (shown) {
      shown.hidden = true;
      shown = null;
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

  document.querySelectorAll('sup.reference > a[href^="#"]').forEach(function (link) {
    var note = noteOf(link);
    if (!note) {
      return;
    }
    link.setAttribute("aria-describedby", tipFor(note).id);
    link.addEventListener("mouseenter", function () {
      show(link);
    });
    link.addEventListener("focus", function () {
      show(link);
    });
    link.addEventListener("mouseleave", hideSoon);
    link.addEventListener("blur", function () {
      // A press on a link inside the tooltip blurs the marker first: let that click land.
      if (!(shown && shown.matches(":hover"))) {
        hide();
      }
    });
    link.addEventListener("click", hide);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && shown) {
      hide();
    }
  });
  window.addEventListener("resize", hide);
})();
