/* A background job's progress page (the site self-inspection, issue 17 point 12), enhanced.
 * Without JavaScript the page offers a "刷新" link. With it, the page asks its own address
 * every few seconds: while the job runs, the status region (role="status", read out by screen
 * readers) and the progress bar take the new values in place; once the job is done the page
 * loads the result. Nothing moves the reader's focus or reloads the page under them while they
 * read the progress. */
(function () {
  "use strict";
  var region = document.querySelector("[data-progress-poll]");
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(region.getAttribute("data-progress-poll"), 10) || 3;
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").querySelector("[data-progress-poll]");
        if (!next) {
          window.location.reload(); // the job is done: show the result
          return;
        }
        region.innerHTML = next.innerHTML;
        window.setTimeout(poll, seconds * 1000);
      })
      .catch(function () {
        window.setTimeout(poll, seconds * 4000); // a hiccup: try again, more slowly
      });
  }
  window.setTimeout(poll, seconds * 1000);
})();
