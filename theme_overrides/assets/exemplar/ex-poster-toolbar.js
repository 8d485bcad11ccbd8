// The poster's toolbar shows the options in the address and prints: loaded right after the toolbar
// (poster.html), one file for every poster.
(function () {
  var query = new URLSearchParams(location.search);
  document.querySelectorAll(".ex-poster-toolbar input[type=radio]").forEach(function (input) {
    if (query.get(input.name) === input.value) input.checked = true;
  });
  // No inline handlers anywhere in the site: a page's own markup never carries on… attributes.
  document.querySelector("[data-ex-print]").addEventListener("click", function () { window.print(); });
})();
