// Title and summary take the space the sheet leaves them: the largest size, up to 1.3 times, at which
// nothing is cut off (a short summary is set larger rather than leaving an empty band). Loaded at the
// end of the poster's <body> (poster.html), one file for every poster.
(function () {
  function fit() {
    var box = document.querySelector(".ex-sheet__story");
    if (!box) return;
    var size = 1.3;
    box.style.fontSize = size + "em";
    while (size > 0.7 && box.scrollHeight > box.clientHeight + 1) {
      size -= 0.05;
      box.style.fontSize = size.toFixed(2) + "em";
    }
  }
  fit();
  window.addEventListener("load", fit);
  window.addEventListener("resize", fit);
  window.addEventListener("beforeprint", fit);
})();
