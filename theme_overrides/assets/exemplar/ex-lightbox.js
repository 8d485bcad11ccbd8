/* 榜样档案 — a small lightbox that works offline: a link with the class ex-zoom (a story's photo, an image
   in a story body) opens its target large in a modal <dialog>; ← → go through the page's photos, Esc or a
   click beside the photo closes it. Nothing is fetched but the image itself, a file of the site. Without
   JavaScript, or in a browser without <dialog>, the link simply opens the image. */
(function () {
  "use strict";
  var dialog, image, caption, counter, links = [], index = 0;

  function button(className, label, text) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "ex-lightbox__button " + className;
    b.setAttribute("aria-label", label);
    b.textContent = text;
    return b;
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "ex-lightbox";
    dialog.setAttribute("aria-label", "查看大图");
    var figure = document.createElement("figure");
    figure.className = "ex-lightbox__figure";
    image = document.createElement("img");
    image.className = "ex-lightbox__image";
    caption = document.createElement("figcaption");
    caption.className = "ex-lightbox__caption";
    counter = document.createElement("span");
    counter.className = "ex-lightbox__counter";
    figure.append(image, caption);
    var close = button("ex-lightbox__close", "关闭", "×");
    var prev = button("ex-lightbox__prev", "上一张", "‹");
    var next = button("ex-lightbox__next", "下一张", "›");
    close.addEventListener("click", function () { dialog.close(); });
    prev.addEventListener("click", function () { show(index - 1); });
    next.addEventListener("click", function () { show(index + 1); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog || event.target === figure) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") show(index - 1);
      if (event.key === "ArrowRight") show(index + 1);
    });
    dialog.addEventListener("close", function () { image.removeAttribute("src"); });
    dialog.append(figure, counter, close, prev, next);
    document.body.appendChild(dialog);
  }

  function show(i) {
    index = (i + links.length) % links.length;
    var link = links[index], thumb = link.querySelector("img");
    var text = link.getAttribute("data-title") || (thumb && (thumb.getAttribute("title") || thumb.alt)) || "";
    image.src = link.href;
    image.alt = thumb ? thumb.alt : text;
    caption.textContent = text;
    counter.textContent = links.length > 1 ? (index + 1) + " / " + links.length : "";
    dialog.classList.toggle("ex-lightbox--single", links.length < 2);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.ex-zoom") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (typeof HTMLDialogElement !== "function") return;
    event.preventDefault();
    links = Array.prototype.slice.call(document.querySelectorAll("a.ex-zoom"));
    if (!dialog) build();
    show(links.indexOf(link));
    if (!dialog.open) dialog.showModal();
  });
})();
