/* The item form's enhancements (workbench/item_form.html): a rich-text editor (Quill 2, from
 * static/vendor/quill) over the body's text area, and a type-ahead filter over the grouped list of
 * catalogue entries. Without JavaScript both controls work as they are. The editor writes its HTML
 * back into the text area, and the server's sanitiser (publishing/sanitize.py) cleans it on save.
 *
 * Our CSP forbids inline styles, and Chromium reports (as console errors) every style attribute a
 * page parses, even into an inert document; Word's clipboard HTML is full of them. So pasted HTML
 * loses its style attributes as text, before anything parses it, and Word's lists (marked only by
 * styles) are made lists here, in place of Quill's own Word reader, which reads the styles.
 * Every text shown comes from #editor-labels (translated by the template). */
(function () {
  "use strict";

  var labelsNode = document.getElementById("editor-labels");
  var labels = labelsNode ? labelsNode.dataset : {};
  var MERGED = "td[colspan]:not([colspan='1']), td[rowspan]:not([rowspan='1'])," +
    " th[colspan]:not([colspan='1']), th[rowspan]:not([rowspan='1'])";

  function parse(html) {
    return new DOMParser().parseFromString(html, "text/html");
  }

  function hasMergedCells(html) {
    return /span/i.test(html) && parse(detach(html)).querySelector(MERGED) !== null;
  }

  var STYLE_ELEMENT = /<style[\s\S]*?<\/style\s*>/gi;
  var START_TAG = /<[a-z][^>]*>/gi;
  var STYLE_ATTRIBUTE = /(\s)style\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
  var MSO_LIST = /mso-list:\s*([^;]*)/i;
  var MSO_ITEM = /l(\d+)\s+level(\d+)/i;
  var MSO_BULLET = /@list\s+l(\d+):level(\d+)\s*\{[^}]*mso-level-number-format:\s*bullet/gi;

  /* The CSP refuses every style attribute this page parses, even into an inert document, so they
   * leave the HTML text before it is parsed; Word's list marks stay, as data attributes. */
  function detach(html) {
    return html.replace(STYLE_ELEMENT, "").replace(START_TAG, function (tag) {
      return tag.replace(STYLE_ATTRIBUTE, function (all, space, a, b, c) {
        var mark = (a || b || c || "").match(MSO_LIST);
        return mark ? space + 'data-mso-list="' + mark[1].trim().replace(/"/g, "") + '"' : space;
      });
    });
  }

  /* Word writes a list as paragraphs marked "mso-list:l<list> level<n>", each starting with its
   * number in a span marked "mso-list:Ignore"; whether a list has bullets is said in <style>.
   * They become <ul>/<ol> (deeper levels nested), as the server's sanitiser does. */
  function buildList(doc, run, bullets) {
    var stack = [];
    run.forEach(function (item) {
      while (stack.length && stack[stack.length - 1].level > item.level) stack.pop();
      var top = stack[stack.length - 1];
      if (!top || top.level < item.level) {
        var list = doc.createElement(bullets[item.id + ":" + item.level] ? "ul" : "ol");
        if (top) (top.list.lastElementChild || top.list).appendChild(list);
        top = { level: item.level, list: list };
        stack.push(top);
      }
      var li = doc.createElement("li");
      while (item.element.firstChild) li.appendChild(item.element.firstChild);
      top.list.appendChild(li);
    });
    return stack[0].list;
  }

  function wordLists(doc, bullets) {
    var runs = [];
    doc.querySelectorAll("[data-mso-list]").forEach(function (element) {
      if (/^ignore/i.test(element.dataset.msoList)) { element.remove(); return; }
      var match = element.dataset.msoList.match(MSO_ITEM);
      if (!match) return;
      var item = { element: element, id: match[1], level: Number(match[2]) };
      var run = runs[runs.length - 1];
      var last = run && run[run.length - 1];
      if (last && last.id === item.id && last.element.nextElementSibling === element) run.push(item);
      else runs.push([item]);
    });
    runs.forEach(function (run) {
      var list = buildList(doc, run, bullets);
      run.slice(1).forEach(function (item) { item.element.remove(); });
      run[0].element.replaceWith(list);
    });
  }

  /* Pasted or loaded HTML as the editor may parse it: no styles, Word's lists made lists. */
  function prepare(html) {
    var bullets = {};
    (html.match(MSO_BULLET) || []).forEach(function (rule) {
      var m = rule.match(/l(\d+):level(\d+)/i);
      bullets[m[1] + ":" + m[2]] = true;
    });
    var doc = parse(detach(html));
    doc.querySelectorAll("script, style, template, noscript, iframe, object").forEach(function (e) { e.remove(); });
    doc.querySelectorAll("h1").forEach(function (h1) {  /* the page has the h1, as on the server */
      var h2 = doc.createElement("h2");
      while (h1.firstChild) h2.appendChild(h1.firstChild);
      h1.replaceWith(h2);
    });
    wordLists(doc, bullets);
    return doc.body.innerHTML;
  }

  function notice(after, text) {
    var note = document.createElement("p");
    note.className = "editor-notice";
    note.setAttribute("role", "status");
    note.textContent = text;
    after.after(note);
    return note;
  }

  var BUTTONS = [
    [["ql-header", "2", "h2"], ["ql-header", "3", "h3"]],
    [["ql-bold", "", "bold"], ["ql-italic", "", "italic"], ["ql-underline", "", "underline"]],
    [["ql-list", "ordered", "ordered"], ["ql-list", "bullet", "bullet"], ["ql-link", "", "link"]],
    [["ql-table-insert", "", "table"], ["ql-table-row", "", "row"], ["ql-table-column", "", "column"],
      ["ql-table-delete-row", "", "deleteRow"], ["ql-table-delete-column", "", "deleteColumn"]],
    [["ql-clean", "", "clean"]],
  ];

  function toolbar() {
    var bar = document.createElement("div");
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", labels.toolbar || "");
    BUTTONS.forEach(function (group) {
      var span = document.createElement("span");
      span.className = "ql-formats";
      group.forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = spec[0];
        if (spec[1]) button.value = spec[1];
        button.title = labels[spec[2]] || spec[2];
        if (spec[0].indexOf("ql-table") === 0) {  /* named by its words, described by its title */
          button.className += " editor-text-button";
          button.textContent = labels[spec[2] + "Short"] || "";
        } else {
          button.setAttribute("aria-label", labels[spec[2]] || spec[2]);
        }
        span.appendChild(button);
      });
      bar.appendChild(span);
    });
    return bar;
  }

  function tableHandlers() {
    function run(name) {
      return function () {
        var table = this.quill.getModule("table");
        if (name === "insertTable") table.insertTable(3, 3);
        else table[name]();
      };
    }
    return {
      "table-insert": run("insertTable"),
      "table-row": run("insertRowBelow"),
      "table-column": run("insertColumnRight"),
      "table-delete-row": run("deleteRow"),
      "table-delete-column": run("deleteColumn"),
    };
  }

  function registerClipboard(Quill) {
    var Clipboard = Quill.import("modules/clipboard");
    class WordClipboard extends Clipboard {
      convert(input, formats) {
        if (input && input.html) input = { html: prepare(input.html), text: input.text };
        return super.convert(input, formats);
      }
    }
    Quill.register("modules/clipboard", WordClipboard, true);
  }

  /* Quill writes a space as &nbsp; (so that runs survive); single ones become spaces again so
   * that lines wrap on the public page. */
  function bodyHtml(quill) {
    if (quill.getLength() <= 1) return "";
    return quill.getSemanticHTML().replace(/(^|[^;])&nbsp;(?!&nbsp;)/g, "$1 ");
  }

  function label(source) {
    var node = document.querySelector("label[for='" + source.id + "']");
    if (node && !node.id) node.id = source.id + "_label";
    return node;
  }

  function translateTooltip(quill) {
    var tooltip = quill.theme.tooltip && quill.theme.tooltip.root;
    if (!tooltip) return;
    tooltip.dataset.visit = labels.linkVisit || "";
    tooltip.dataset.enter = labels.linkEnter || "";
    tooltip.querySelectorAll("a.ql-action").forEach(function (a) {
      a.dataset.edit = labels.linkEdit || "";
      a.dataset.save = labels.linkSave || "";
    });
    tooltip.querySelectorAll("a.ql-remove").forEach(function (a) { a.dataset.remove = labels.linkRemove || ""; });
    tooltip.querySelectorAll("input").forEach(function (input) {
      input.setAttribute("aria-label", labels.linkEnter || "");
    });
  }

  function describe(root, source) {
    var name = label(source);
    root.setAttribute("role", "textbox");
    root.setAttribute("aria-multiline", "true");
    if (name) root.setAttribute("aria-labelledby", name.id);
    var help = document.getElementById(source.id + "_helptext");
    if (help) root.setAttribute("aria-describedby", help.id);
  }

  function enhance(source) {
    var Quill = window.Quill;
    if (hasMergedCells(source.value)) {
      notice(source, labels.mergedSource || "");
      return;
    }
    registerClipboard(Quill);
    var holder = document.createElement("div");
    holder.className = "rich-text";
    var bar = toolbar();
    var area = document.createElement("div");
    holder.append(bar, area);
    source.before(holder);
    var quill = new Quill(area, {
      theme: "snow",
      formats: ["header", "bold", "italic", "underline", "list", "indent", "link", "table"],
      modules: { toolbar: { container: bar, handlers: tableHandlers() }, table: true },
    });
    quill.setContents(quill.clipboard.convert({ html: source.value }), "silent");
    source.hidden = true;
    describe(quill.root, source);
    translateTooltip(quill);
    var pasteNote = null;
    quill.root.addEventListener("paste", function (event) {
      var html = event.clipboardData ? event.clipboardData.getData("text/html") : "";
      if (html && hasMergedCells(html) && !pasteNote) pasteNote = notice(holder, labels.mergedPaste || "");
    }, true);
    function sync() { source.value = bodyHtml(quill); }
    quill.on("text-change", sync);
    source.form.addEventListener("submit", sync);
  }

  /* A word matches when its characters appear in order: 低保 finds 最低生活保障. */
  function matches(text, word) {
    var at = 0;
    for (var i = 0; i < word.length; i += 1) {
      at = text.indexOf(word[i], at);
      if (at === -1) return false;
      at += 1;
    }
    return true;
  }

  /* Type-ahead over the catalogue entries: hides the entries (and domains) that do not match. */
  function filterCatalogue(select) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "catalogue-filter";
    input.setAttribute("aria-label", labels.filter || "");
    input.setAttribute("aria-controls", select.id);
    input.placeholder = labels.filterPlaceholder || "";
    select.before(input);
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      select.querySelectorAll("optgroup").forEach(function (group) {
        var domain = group.label.toLowerCase();
        var shown = 0;
        group.querySelectorAll("option").forEach(function (option) {
          var text = domain + " " + option.textContent.toLowerCase();
          option.hidden = !words.every(function (word) { return matches(text, word); });
          if (!option.hidden) shown += 1;
        });
        group.hidden = shown === 0;
      });
    });
  }

  var source = document.querySelector("textarea.rich-text-source");
  if (source && window.Quill) enhance(source);
  var catalogue = document.getElementById("id_catalogue_entry");
  if (catalogue && catalogue.querySelector("optgroup")) filterCatalogue(catalogue);
})();
