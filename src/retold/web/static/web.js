/* retold web UI: clicking an aligned passage highlights it and scrolls its counterpart into view. */
document.addEventListener("click", function (ev) {
  var m = ev.target.closest ? ev.target.closest("mark.passage") : null;
  if (!m) return;
  var grid = m.closest(".reader");
  if (!grid) return;
  var i = m.getAttribute("data-p");
  grid.querySelectorAll("mark.active").forEach(function (x) { x.classList.remove("active"); });
  grid.querySelectorAll('mark.passage[data-p="' + CSS.escape(i) + '"]').forEach(function (x) {
    x.classList.add("active");
    if (x !== m) x.scrollIntoView({ block: "center", behavior: "smooth" });
  });
});
document.addEventListener("change", function (ev) {
  if (ev.target.matches && ev.target.matches("select[data-autosubmit]")) ev.target.form.submit();
});
