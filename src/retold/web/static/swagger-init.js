/* Starts the vendored Swagger UI on the local OpenAPI document (no CDN, works offline). */
window.addEventListener("load", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.getAttribute("data-url"), dom_id: "#swagger-ui", deepLinking: true });
});
