import { Box, Text, useApp, useInput, type Key } from 'ink';
import { useMemo, useRef, useState } from 'react';
import type { Script } from '../scripts/bundle.js';
import { HelpOverlay } from './components/help-overlay.js';
import { PanelView, usePanelRows, type PanelRows } from './components/panel-view.js';
import { ScriptPicker } from './components/script-picker.js';
import { StatusBar } from './components/status-bar.js';
import { TitleBar } from './components/title-bar.js';
import { reduceKey, type KeyPress } from './key-reducer.js';
import type { LiveSource } from './live-source.js';
import { panelsFor, type Panel } from './panels.js';
import { useScriptRuns } from './use-script-runs.js';
import { useTerminalSize } from './use-terminal-size.js';
import { currentTable, type Mode, type TableState, type ViewState } from './view-state.js';

export interface LiveAppProps {
  readonly source: LiveSource;
  /** Scripts the picker offers; the initial one among them. */
  readonly scripts: readonly Script[];
  readonly scriptName: string;
  readonly args: readonly string[];
  readonly refreshMs: number;
}

/** Title, panel, input or hint line, status: the panel gets what is left. */
const CHROME_LINES = 3;

function hintLine(mode: Mode): React.JSX.Element {
  if (mode.kind === 'filter') {
    return (
      <Text>
        <Text bold>/</Text>
        {mode.text}
        <Text inverse> </Text>
        <Text dimColor> Enter keeps · Esc clears</Text>
      </Text>
    );
  }
  if (mode.kind === 'args') {
    return (
      <Text>
        <Text bold>args: </Text>
        {mode.text}
        <Text inverse> </Text>
        <Text dimColor> Enter re-runs · Esc cancels</Text>
      </Text>
    );
  }
  return (
    <Text dimColor wrap="truncate">
      ↑↓ select · Enter detail · {'<'} {'>'} sort · / filter · Tab widget · p scripts · m map · a
      args · space pause · ? keys · q quit
    </Text>
  );
}

function toKeyPress(input: string, key: Key): KeyPress {
  return {
    input,
    up: key.upArrow,
    down: key.downArrow,
    left: key.leftArrow,
    right: key.rightArrow,
    pageUp: key.pageUp,
    pageDown: key.pageDown,
    enter: key.return,
    escape: key.escape,
    tab: key.tab,
    shift: key.shift,
    backspace: key.backspace || key.delete,
    ctrl: key.ctrl,
  };
}

/** One character of a multi-character chunk, with the control characters Ink would have named. */
function charPress(ch: string): KeyPress {
  if (ch === '\r' || ch === '\n') return { input: '', enter: true };
  if (ch === '\t') return { input: '', tab: true };
  if (ch === '\x7f' || ch === '\b') return { input: '', backspace: true };
  if (ch === '\x1b') return { input: '', escape: true };
  return { input: ch < ' ' ? '' : ch };
}

interface BodyProps {
  readonly mode: Mode;
  readonly scripts: readonly Script[];
  readonly error: string | null;
  readonly panel: Panel | undefined;
  readonly tableState: TableState;
  readonly rows: PanelRows;
  readonly width: number;
  readonly height: number;
}

/** Between the title and the hint line: an overlay, the last run's error, or the panel. */
function Body(props: BodyProps): React.JSX.Element {
  const { mode, height } = props;
  if (mode.kind === 'help') return <HelpOverlay height={height} />;
  if (mode.kind === 'picker') {
    return (
      <ScriptPicker
        scripts={props.scripts}
        query={mode.query}
        selected={mode.selected}
        height={height}
      />
    );
  }
  if (props.error !== null) {
    return (
      <Box flexDirection="column" height={height}>
        {props.error
          .split('\n')
          .slice(0, height)
          .map((line, i) => (
            <Text key={i} color="red" wrap="truncate">
              {line}
            </Text>
          ))}
      </Box>
    );
  }
  return (
    <PanelView
      panel={props.panel}
      state={props.tableState}
      rows={props.rows}
      detailScroll={mode.kind === 'detail' ? mode.scroll : null}
      width={props.width}
      height={height}
    />
  );
}

function initialState(props: LiveAppProps): ViewState {
  return {
    scriptName: props.scriptName,
    args: props.args,
    panel: 0,
    tables: {},
    mode: { kind: 'view' },
    paused: false,
    refreshMs: props.refreshMs,
  };
}

/** `px live`: a script's widgets, re-run on a timer, driven by the keyboard. */
export function LiveApp(props: LiveAppProps): React.JSX.Element {
  const { exit } = useApp();
  const size = useTerminalSize();
  const [state, setState] = useState<ViewState>(() => initialState(props));
  // Keys can arrive faster than React renders (a paste, tmux send-keys): each press must see
  // the state the previous one left, not the one of the last render.
  const latest = useRef(state);
  latest.current = state;
  const [nonce, setNonce] = useState(0);
  const script = props.scripts.find((s) => s.name === state.scriptName);
  const runs = useScriptRuns(props.source, script, state.args, {
    refreshMs: state.refreshMs,
    paused: state.paused,
    nonce,
  });
  const panels = useMemo(
    () => (script === undefined || runs.results === null ? [] : panelsFor(script, runs.results)),
    [script, runs.results],
  );
  const panelIndex = Math.min(state.panel, Math.max(0, panels.length - 1));
  const panel = panels[panelIndex];
  const tableState = currentTable(state);
  const panelRows = usePanelRows(panel, tableState);
  const rows = panelRows.rows;
  // One line short of the terminal: a frame as tall as the screen makes Ink clear and redraw it all.
  const height = Math.max(CHROME_LINES + 1, size.rows - 1);
  const panelHeight = height - CHROME_LINES;

  const onPress = (press: KeyPress): void => {
    const current = latest.current;
    const panelNow = Math.min(current.panel, Math.max(0, panels.length - 1));
    const result = reduceKey({ ...current, panel: panelNow }, press, {
      visibleRows: rows.length,
      columnCount: panel?.table?.columns.length ?? 0,
      pageSize: Math.max(1, panelHeight - 2),
      panelCount: panels.length,
      detailable: panel?.kind === 'table',
      scriptNames: props.scripts.map((s) => s.name),
    });
    latest.current = result.state;
    setState(result.state);
    if (result.effect === 'quit') exit();
    if (result.effect === 'refresh') setNonce((n) => n + 1);
  };
  useInput((input, key) => {
    // Ink hands over several typed characters at once (fast typing, a paste): take them one by one.
    const press = toKeyPress(input, key);
    if (input.length > 1 && !key.ctrl && !key.meta) {
      for (const ch of input) onPress(charPress(ch));
    } else onPress(press);
  });

  const body = (
    <Body
      mode={state.mode}
      scripts={props.scripts}
      error={runs.error}
      panel={panel}
      tableState={tableState}
      rows={panelRows}
      width={size.columns}
      height={panelHeight}
    />
  );
  return (
    <Box flexDirection="column" height={height} width={size.columns}>
      <TitleBar
        scriptName={state.scriptName}
        args={state.args}
        tabs={panels.map((p) => p.title)}
        current={panelIndex}
      />
      {body}
      {hintLine(state.mode)}
      <StatusBar
        status={runs.status}
        run={{
          ranAt: runs.ranAt,
          tookMs: runs.tookMs,
          refreshMs: state.refreshMs,
          paused: state.paused,
        }}
      />
    </Box>
  );
}
