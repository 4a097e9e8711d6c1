/* Where a preview goes: beside the element it explains, kept inside the viewport. Shared by the
   footnote previews (cite-preview.js) and the page previews (page-preview.js), loaded before both.
   Document coordinates: a preview's containing block is the page itself (no positioned ancestor).
   Positions are set through the CSSOM, which the CSP (style-src 'self') allows. */
(function () {
  "use strict";

  var GAP = 6; // px between the element and its preview
  var MARGIN = 8; // px kept free at the viewport's edges

  window.siberiaPlaceBeside = function (preview, anchor) {
    var spot = anchor.getBoundingClientRect();
    var viewportWidth = document.documentElement.clientWidth;
    var viewportHeight = document.documentElement.clientHeight;
    preview.style.left = "0px"; // measured where nothing squeezes it
    preview.style.top = "0px";
    var width = preview.offsetWidth;
    var height = preview.offsetHeight;
    var left = Math.max(MARGIN, Math.min(spot.left, viewportWidth - width - MARGIN));
    var top = spot.bottom + GAP;
    if (top + height > viewportHeight - MARGIN && spot.top - GAP - height >= MARGIN) {
      top = spot.top - GAP - height; // no room below: above it
    }
    preview.style.left = Math.round(left + window.scrollX) + "px";
    preview.style.top = Math.round(top + window.scrollY) + "px";
  };
})();
