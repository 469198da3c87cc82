/* Possible duplicates while a case's title and summary are typed.
   A container [data-duplicate-check] names the inputs to watch and the URL that answers
   ?title=&summary=&page= with {"results": [{"title", "url", "place", "similarity"}]}, and
   the words around each result's place and similarity (data-meta, data-separator). */
(function () {
  "use strict";

  function setup(box) {
    var title = document.getElementById(box.dataset.titleInput);
    var summary = document.getElementById(box.dataset.summaryInput);
    var output = box.querySelector(".duplicate-check__result");
    if (!title || !output) return;
    var timer = null;
    var asked = "";

    function render(results) {
      output.textContent = "";
      if (!results.length) return;
      var heading = document.createElement("p");
      heading.className = "duplicate-check__heading";
      heading.textContent = box.dataset.heading;
      var list = document.createElement("ul");
      results.forEach(function (item) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = item.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = item.title;
        // the title is what people wrote: Japanese inside an English form
        if (box.dataset.contentLang) link.lang = box.dataset.contentLang;
        li.appendChild(link);
        var meta = [item.place, box.dataset.similarity + " " + Math.round(item.similarity * 100) + "%"];
        // 「（石川県金沢市・類似度 82%）」, " · Kanazawa City (Ishikawa), similarity 82%"
        var text = meta.filter(Boolean).join(box.dataset.separator || "・");
        li.appendChild(document.createTextNode((box.dataset.meta || "（%(name)s）").replace("%(name)s", text)));
        list.appendChild(li);
      });
      output.appendChild(heading);
      output.appendChild(list);
    }

    function check() {
      var params = new URLSearchParams({
        title: title.value.trim(),
        // the opening of a long summary is enough to compare, and keeps the address short
        // (a Japanese character takes nine bytes in it; servers refuse lines over 4-8 KB)
        summary: summary ? summary.value.trim().slice(0, 300) : "",
        page: box.dataset.page || "",
      });
      var query = params.toString();
      if (query === asked) return;
      asked = query;
      if (!params.get("title") && !params.get("summary")) {
        render([]);
        return;
      }
      fetch(box.dataset.url + "?" + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (query === asked) render(data.results || []); })
        .catch(function () { render([]); });
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 600);
    }

    title.addEventListener("input", later);
    if (summary) summary.addEventListener("input", later);
    if (title.value) check();
  }

  function start() {
    document.querySelectorAll("[data-duplicate-check]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
