// shinchoku serve only (never in `shinchoku build` output): reloads this page when its file
// was rebuilt, and shows a build error over the page until the next good build.
(function () {
  "use strict";
  var here = decodeURIComponent(location.pathname).replace(/^\/+/, "");
  if (here === "" || here.slice(-1) === "/") here += "index.html";
  var style = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
    "z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;" +
    "border-top:4px solid #b00020;font:14px/1.6 ui-monospace,Menlo,Consolas,monospace;" +
    "white-space:pre-wrap";
  function clearError() {
    var box = document.getElementById("shinchoku-error");
    if (box) box.remove();
  }
  function showError(message) {
    clearError();
    var box = document.createElement("div");
    box.id = "shinchoku-error";
    box.setAttribute("role", "alert");
    box.setAttribute("style", style);
    var title = document.createElement("strong");
    title.textContent = "ビルドできませんでした。最後にビルドできた内容を表示しています。";
    box.appendChild(title);
    box.appendChild(document.createTextNode("\n" + message));
    document.body.appendChild(box);
  }
  var events = new EventSource("/__shinchoku/events");
  events.addEventListener("reload", function (e) {
    var paths = JSON.parse(e.data);
    if (paths.indexOf("*") >= 0 || paths.indexOf(here) >= 0) {
      location.reload();
    } else {
      clearError();
    }
  });
  events.addEventListener("build-error", function (e) {
    showError(e.data);
  });
})();
