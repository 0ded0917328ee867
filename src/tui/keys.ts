/** The keys of `px live`, as the help overlay lists them. */
export const KEY_HELP: readonly (readonly [string, string])[] = [
  ['↑ ↓  j k', 'move the selection'],
  ['PgUp PgDn  g G', 'page, first and last row'],
  ['← →  h l', 'scroll columns'],
  ['< >', 'sort by the previous / next column'],
  ['s', 'reverse the sort'],
  ['/', 'filter rows (Enter keeps it, Esc clears it)'],
  ['Enter', 'row detail: every column, JSON pretty-printed'],
  ['Tab  1-9', 'next widget / widget by number'],
  ['p', 'pick another script (type to search)'],
  ['m', 'service map (px/service_map)'],
  ['a', 'edit the script arguments (--start_time=-1m ...)'],
  ['space', 'pause / resume refresh'],
  ['r', 'refresh now'],
  ['+ -', 'refresh slower / faster'],
  ['?', 'this help'],
  ['q  Ctrl-C', 'quit'],
];
