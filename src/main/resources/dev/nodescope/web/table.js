// A table sorted by a click on a column's header (numbers most first, text A to Z, again to reverse),
// redrawn whole from rows. Cells carry data-key (the column), rows what rowAttrs gives (data-* for tests).
import { el, replace } from './dom.js';

export class SortableTable {
  /**
   * columns: [{key, title, show(row) -> text, num?}] (sorted by row[key]);
   * options: {sort: {key, descending}, rowAttrs(row) -> attributes}
   */
  constructor(table, columns, options = {}) {
    this.table = table;
    this.columns = columns;
    this.sort = options.sort || { key: columns[0].key, descending: false };
    this.rowAttrs = options.rowAttrs || (() => ({}));
    this.rows = [];
  }

  show(rows) {
    this.rows = rows;
    const { key, descending } = this.sort;
    const sorted = [...rows].sort((a, b) => {
      const x = a[key], y = b[key];
      const order = x === y ? 0 : x === null || x === undefined ? 1 : y === null || y === undefined ? -1 : x < y ? -1 : 1;
      return descending ? -order : order;
    });
    const head = el('tr', {}, this.columns.map(c => el('th', {
      'data-key': c.key,
      class: (c.num ? 'num ' : '') + (key === c.key ? (descending ? 'sorted-desc' : 'sorted-asc') : ''),
      onclick: () => {
        this.sort = { key: c.key, descending: key === c.key ? !descending : !!c.num };
        this.show(this.rows);
      },
    }, c.title)));
    const body = sorted.map(r => el('tr', this.rowAttrs(r),
      this.columns.map(c => el('td', { class: c.num ? 'num' : '', 'data-key': c.key }, c.show(r)))));
    replace(this.table, el('thead', {}, head), el('tbody', {}, body));
  }
}
