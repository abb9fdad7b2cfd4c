type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/** An element with attributes (`on…` ones are listeners) and children; falsy children are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export interface Column<Row> {
  label: string;
  /** What is shown in the cell. */
  cell: (row: Row) => Child | Child[];
  /** What the column sorts by; a column without it does not sort. */
  sortKey?: (row: Row) => string | number;
  numeric?: boolean;
}

/**
 * A table whose sortable columns have header buttons (keyboard and screen readers get the order
 * through `aria-sort`); every figure of a chart is also in such a table.
 */
export function table<Row>(
  caption: string,
  columns: Column<Row>[],
  rows: Row[],
  options: { sortBy: (label: string) => string; footer?: HTMLTableRowElement; testId?: string },
): HTMLTableElement {
  let order: { column: number; direction: 1 | -1 } | null = null;
  const body = h('tbody');
  const headers = columns.map((column, index) => {
    const th = h('th', { scope: 'col', class: column.numeric ? 'num' : undefined });
    if (column.sortKey) {
      th.setAttribute('aria-sort', 'none');
      th.append(
        h(
          'button',
          {
            type: 'button',
            class: 'sort',
            title: options.sortBy(column.label),
            onclick: () => {
              order =
                order?.column === index
                  ? { column: index, direction: order.direction === 1 ? -1 : 1 }
                  : { column: index, direction: column.numeric ? -1 : 1 };
              draw();
            },
          },
          column.label,
        ),
      );
    } else th.append(column.label);
    return th;
  });
  const draw = () => {
    const sorted = [...rows];
    if (order) {
      const { column, direction } = order;
      const key = columns[column]!.sortKey!;
      sorted.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        return (
          (typeof x === 'number' && typeof y === 'number'
            ? x - y
            : String(x).localeCompare(String(y), 'vi')) * direction
        );
      });
    }
    headers.forEach((th, index) => {
      if (!columns[index]!.sortKey) return;
      th.setAttribute(
        'aria-sort',
        order?.column === index ? (order.direction === 1 ? 'ascending' : 'descending') : 'none',
      );
    });
    body.replaceChildren(
      ...sorted.map((row) =>
        h(
          'tr',
          {},
          columns.map((column, index) =>
            index === 0
              ? h('th', { scope: 'row' }, column.cell(row))
              : h('td', { class: column.numeric ? 'num' : undefined }, column.cell(row)),
          ),
        ),
      ),
    );
  };
  draw();
  return h(
    'table',
    { 'data-testid': options.testId },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers)),
    body,
    options.footer ? h('tfoot', {}, options.footer) : null,
  );
}
