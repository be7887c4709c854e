/*
 * "Copy link" beside each provision of a document's text (templates/documents/document_text.html):
 * the link goes to the provision's anchor as any link does; where the browser lets a page
 * write to the clipboard, a click also copies the provision's full address and says so.
 * No inline script: the site's Content-Security-Policy allows none.
 */
(function () {
  "use strict";
  document.querySelectorAll("a.copy-link").forEach(function (link) {
    link.addEventListener("click", function () {
      if (!navigator.clipboard || !window.isSecureContext) return;
      var address = window.location.href.split("#")[0] + link.getAttribute("href");
      navigator.clipboard.writeText(address).then(function () {
        link.setAttribute("data-copied", link.getAttribute("data-copy-label") || "");
        window.setTimeout(function () { link.removeAttribute("data-copied"); }, 2000);
      }, function () {});
    });
  });
})();
