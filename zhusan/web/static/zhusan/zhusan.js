// Keyboard shortcut "/" focuses the name search; selects marked data-autosubmit submit their form.
document.addEventListener("keydown", function (e) {
  if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
  var t = e.target;
  if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
  var box = document.getElementById("global-q");
  if (box) { e.preventDefault(); box.focus(); box.select(); }
});
document.addEventListener("change", function (e) {
  var t = e.target;
  if (t && t.matches && t.matches("select[data-autosubmit]")) t.form.submit();
});
document.addEventListener("htmx:configRequest", function (e) {
  var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  if (m) e.detail.headers["X-CSRFToken"] = decodeURIComponent(m[1]);
});
