/* Small page behaviours, loaded with defer (no inline script: the CSP allows script-src 'self' only).
   - On a phone-sized screen the table of contents starts folded: its <summary> opens it.
   - The variant switcher, a sideways-scrolling row on a phone, shows the current variant. */
(function () {
  "use strict";

  var phone = window.matchMedia("(max-width: 40rem)");

  var toc = document.querySelector("details.toc");
  if (toc && phone.matches) {
    toc.open = false;
  }

  var switcher = document.querySelector(".variant-switcher ul");
  var current = switcher && switcher.querySelector('[aria-current="page"]');
  if (current && switcher.scrollWidth > switcher.clientWidth) {
    // scrollLeft, not scrollIntoView: the page itself must not move (it may have opened at a #fragment).
    var item = current.parentElement;
    switcher.scrollLeft = Math.max(0, item.offsetLeft - switcher.offsetLeft - (switcher.clientWidth - item.offsetWidth) / 2);
  }
})();
