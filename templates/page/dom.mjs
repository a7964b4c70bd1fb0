/* Small helpers over the document. */

/**
 * The first element matching `sel`, in `scope` or the document. The page's own markup
 * (index.hbs) has every element the page shell asks for.
 * @param {string} sel
 * @param {ParentNode} [scope]
 * @returns {any}
 */
export function $(sel, scope) { return (scope || document).querySelector(sel); }

/**
 * Every element matching `sel`, as an array.
 * @param {string} sel
 * @param {ParentNode} [scope]
 * @returns {any[]}
 */
export function $$(sel, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(sel)); }

/**
 * A string with `{name}` placeholders filled in.
 * @param {string} text
 * @param {Record<string, string | number>} values
 * @returns {string}
 */
export function fmt(text, values) { return text.replace(/\{(\w+)\}/g, function (_, k) { return String(values[k]); }); }
