/* Dates and times typed with a Japanese input method read as the admin's pickers expect.
   Wagtail's date, time and date-time pickers read only "2026-12-19 14:00"; on leaving a field
   they replace anything else with the current time, so 「２０２６-１２-１９」 (full-width
   digits), 「2026年12月19日 14時」 or 「2026/12/19（土）14：00」 silently became today.
   Just before the picker reads the field (leaving it, or Enter), its text is rewritten to
   that form (an era year, 「令和8年」, as the Western year). What cannot be read as a real day
   and time (「来週の土曜」, 「2026/13/40」, 「25時」) is kept as typed, away from the picker,
   so that the form's check names the field instead of the current time being saved. A date without a year
   (「12月19日 14時」, 「12/19」) is the one nearest today, and a date alone in a field marked
   data-end-of-day (a deadline) means the end of that day, not its first minute. */
(function () {
  "use strict";

  function pad(n) {
    return n.length < 2 ? "0" + n : n;
  }

  // the year that puts month/day within six months of today
  function nearestYear(month, day, today) {
    var year = today.getFullYear();
    var date = new Date(year, month - 1, day);
    var halfYear = 183 * 24 * 3600 * 1000;
    if (date - today > halfYear) return year - 1;
    if (today - date > halfYear) return year + 1;
    return year;
  }

  var ERAS = { 令和: 2018, 平成: 1988, 昭和: 1925 };

  function normalise(text, endOfDay, today) {
    var s = text.normalize("NFKC").replace(/\s+/g, " ").trim();
    s = s.replace(/(令和|平成|昭和)\s*(元|\d{1,2})\s*年/g, function (_, era, n) {
      return ERAS[era] + (n === "元" ? 1 : +n) + "年";
    });
    s = s.replace(/\((?:[日月火水木金土]|祝)\)/g, " ");
    s = s.replace(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?/g, "$1-$2-$3");
    s = s.replace(/(\d{4})[\/.](\d{1,2})[\/.](\d{1,2})/g, "$1-$2-$3");
    s = s.replace(/^(\d{1,2})\s*(?:月\s*(\d{1,2})\s*日?|\/(\d{1,2})(?![\d\/]))/, function (_, m, d1, d2) {
      var d = d1 || d2;
      return nearestYear(+m, +d, today || new Date()) + "-" + m + "-" + d;
    });
    s = s.replace(/(\d{1,2})\s*時\s*(?:(\d{1,2})\s*分)?/g, function (_, h, m) {
      return h + ":" + (m || "00");
    });
    s = s.replace(/(\d{4})-(\d{1,2})-(\d{1,2})/g, function (_, y, m, d) {
      return y + "-" + pad(m) + "-" + pad(d);
    });
    s = s.replace(/(^|\s)(\d{1,2}):(\d{2})(?!\d)/g, function (_, before, h, m) {
      return before + pad(h) + ":" + m;
    });
    s = s.replace(/\s+/g, " ").trim();
    if (endOfDay && /^\d{4}-\d{2}-\d{2}$/.test(s)) s += " 23:59";
    return s;
  }

  // what a picker reads: a real day, a time of day, or both
  function readable(value) {
    var m = /^(?:(\d{4})-(\d{2})-(\d{2}))?(?:(^| )(\d{2}):(\d{2}))?$/.exec(value);
    if (!m || value === "") return false;
    if (m[1] !== undefined) {
      var day = new Date(+m[1], m[2] - 1, +m[3]);
      if (day.getMonth() !== m[2] - 1 || day.getDate() !== +m[3]) return false;
    }
    return m[5] === undefined || (+m[5] < 24 && +m[6] < 60);
  }

  function isPicker(el) {
    return (
      el instanceof HTMLInputElement &&
      window.jQuery !== undefined &&
      window.jQuery(el).data("xdsoft_datetimepicker") !== undefined
    );
  }

  function rewrite(event) {
    var el = event.target;
    if (!isPicker(el) || !el.value) return;
    var value = normalise(el.value, el.dataset.endOfDay !== undefined);
    if (!readable(value)) {
      event.stopImmediatePropagation(); // the picker would put the current time in its place
      return;
    }
    if (value !== el.value) el.value = value;
  }

  // capture: before the picker's own handlers on the field
  document.addEventListener("blur", rewrite, true);
  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key === "Enter" && !event.isComposing) rewrite(event);
    },
    true
  );
  window.dxforumNormaliseDate = normalise;
  window.dxforumReadableDate = readable;
})();
