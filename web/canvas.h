// web/canvas.h — the playground's design canvas and inspector: the blueprint drawn as boxes and
// arrows, edited with the mouse.
//
// One blueprint, two views. The canvas draws the editor's text (parsed as JSON, comments allowed)
// and every canvas edit rewrites that text: the text is parsed into an order-keeping JSON document,
// the edit changes only the keys it is about (unknown fields and key order survive; the comment
// lines before the document are kept, comments inside it are not), and the result goes through
// SetBlueprintText, so validation, autosave, the estimate, the findings and the simulation all follow.
// An edit that only moves boxes (the "ui" positions) keeps the loaded design, so a running
// simulation is not reset by a drag.
//
// What it shows
//   Palette     every component kind (ComponentKind); drag one onto the canvas, or click it and then
//               click the canvas. Hover for what the kind is for.
//   Components  boxes with id, kind and replicas; badges: utilisation at peak (the estimate's tier
//               figures), cache/CDN hit ratio, replication lag, findings count (the score), coloured
//               green (< 70 %, no finding), amber (< 100 %, warnings), red (≥ 100 %, errors).
//   Links       arrows from → to, coloured by TLS (plaintext dashed red). Drag from a box's right
//               port (or Alt+drag a box, or the Link tool) onto another box to link them.
//   Zones       labelled regions behind their components (the bounding box of the members); a
//               component dropped into a zone takes that zone; zones without members sit below.
//   Editing     click selects (Shift/Ctrl+click adds), drag moves the selection (snapped to a 20-unit
//               grid unless Snap is off), Del / the Delete button removes it (with its links and flow
//               steps), Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z undo and redo, wheel zooms at the mouse,
//               middle/right drag or Space+drag pans, F fits the design in view.
//   Inspector   every field of the selected component's kind (or link, or zone) as typed text with
//               units ("200/s", "10ms", "64GB", "99.9%"); a refused value shows the units parser's or
//               the loader's message under the field and changes nothing.
//   Failures    while a simulation runs: kill a replica of the selected component, partition its
//               zone from the others, spike the traffic (the Simulate view's InjectFailure).
//
// Positions are canvas units (1 unit = 1 CSS pixel at zoom 1), the top-left corner of a box, kept in
// the component's optional "ui": {"x": .., "y": ..} (checked by the loader, ignored by the models).
// A component without one is placed by an automatic layout: columns by depth along links and flows
// from the entry points, rows in declaration order.
//
// Undo/redo: a history of blueprint texts (any change: canvas, typing, scenario, import); typing
// within one second of the last keystroke extends the same step.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sdlab::web {

struct PlaygroundState;

/// A point in canvas units.
struct CanvasPoint {
  float x = 0, y = 0;
};

/// One component as the canvas draws it (from the text's JSON).
struct CanvasNode {
  std::string id, kind, name, zone;
  int replicas = 1;
  CanvasPoint pos;      ///< top-left, canvas units
  bool placed = false;  ///< pos comes from "ui" (else from the automatic layout)
};

struct CanvasLink {
  std::string from, to, protocol, tls;
};

struct CanvasZone {
  std::string id, kind;
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;  ///< region, canvas units
};

enum class CanvasDrag { None, Move, Link, Pan, Palette, Box };

struct CanvasState {
  // View: screen = canvas origin + pan + position × zoom
  float zoom = 1.0f;
  float pan_x = 24.0f, pan_y = 24.0f;
  bool snap = true;
  bool link_tool = false;
  std::string armed_kind;  ///< palette clicked: the next click on the canvas places this kind
  // Selection
  std::vector<std::string> selection;  ///< component ids
  int selected_link = -1;              ///< index into links
  std::string selected_zone;
  // What the text says (re-read when the text changes)
  std::string parsed_text;
  bool parsed_once = false;
  bool parse_ok = false;
  std::string parse_error;
  std::vector<CanvasNode> nodes;
  std::vector<CanvasLink> links;
  std::vector<CanvasZone> zones;
  // A gesture under way
  CanvasDrag drag = CanvasDrag::None;
  std::string drag_node;            ///< node pressed (move/link)
  float drag_dx = 0, drag_dy = 0;   ///< move: offset so far, canvas units
  float press_x = 0, press_y = 0;   ///< screen position of the press
  std::string palette_kind;         ///< palette drag: the kind carried
  // Undo/redo over blueprint texts
  std::vector<std::string> history;
  std::size_t cursor = 0;
  int history_editor_generation = -1;
  double last_typing_time = -10;
  // Inspector
  std::string inspector_for;                    ///< what the field texts below belong to
  std::map<std::string, std::string> fields;    ///< field key → text being edited
  std::string field_error_key, field_error;     ///< a refused value
  std::string message;                          ///< the last edit's outcome (shown under the toolbar)
  // Last frame, for tests
  float origin_x = 0, origin_y = 0, width = 0, height = 0;
};

/// Records the editor text in the undo history when it changed (call once per frame).
void TrackCanvasHistory(PlaygroundState& s);
bool CanUndo(const PlaygroundState& s);
bool CanRedo(const PlaygroundState& s);
void Undo(PlaygroundState& s);
void Redo(PlaygroundState& s);

/// Re-reads the canvas model from the editor text when it changed.
void RefreshCanvas(PlaygroundState& s);

/// Replaces the text after a canvas edit: like SetBlueprintText, but an edit that changes nothing but
/// "ui" positions keeps the loaded design (no re-estimate, no simulation reset).
void ApplyCanvasText(PlaygroundState& s, std::string text);

/// The Canvas view's contents (inside a window the caller opened): toolbar, palette, canvas, inspector.
void DrawCanvasPanel(PlaygroundState& s);

/// Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z anywhere but in a text field (call once per frame).
void HandleGlobalShortcuts(PlaygroundState& s);

/// Export JSON: hands the editor text to PlaygroundState::download as "<blueprint name>.json".
void ExportBlueprint(PlaygroundState& s);
/// Import JSON: the file's text goes through SetBlueprintText (invalid text keeps the last valid
/// design, as typing does); the canvas message says what happened.
void ImportBlueprint(PlaygroundState& s, const std::string& file_name, std::string text);

/// Only spaces, tabs and line breaks.
bool IsBlankText(std::string_view text);

/// Keyboard shortcuts of the canvas, for the Help menu: {keys, what}.
std::vector<std::pair<std::string, std::string>> CanvasShortcuts();

/// The canvas of the page's state: {components [{id, kind, name, zone, x, y, placed, screen {x,y,w,h},
///  badges [{text, level}] (as drawn: "sim 84%" from the simulation while a run of this design exists,
///  else the estimate's utilisation; hit ratio, lag, findings)}], links [{from, to, protocol,
///  tls}], zones [{id, kind}], selection [...], selected_link, selected_zone, zoom, pan {x,y}, snap,
///  link_tool, armed_kind, history {size, cursor}, parse_ok, parse_error, message, field_error_key,
///  field_error}.
nlohmann::json CanvasStateJson(const PlaygroundState& s);

}  // namespace sdlab::web
