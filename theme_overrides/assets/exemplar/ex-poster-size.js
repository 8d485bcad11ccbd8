// The poster's size and QR code from the address (?size=a3|screen, ?qr=film, ?sheet=only), set before the
// sheet is drawn: loaded without defer in the poster's <head> (poster.html), one file for every poster.
(function () {
  var query = new URLSearchParams(location.search), root = document.documentElement;
  var size = (query.get("size") || "").toLowerCase();
  if (size === "a3" || size === "screen") {
    root.classList.add("ex-" + size);
    document.getElementById("ex-page-a4").media = "not all";
    document.getElementById("ex-page-" + size).media = "print";
  }
  if (query.get("qr") === "film") root.classList.add("ex-qr-film");
  if (query.get("sheet") === "only") root.classList.add("ex-sheet-only");
})();
