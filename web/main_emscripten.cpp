// web/main_emscripten.cpp — the browser platform layer: SDL2 window + WebGL2 (GLES 3.0) context,
// Dear ImGui's SDL2 and OpenGL3 backends, the browser main loop, and the C functions JS and the
// browser test call (exported by web/CMakeLists.txt, reached with Module.ccall).
//
// Timing: sdlab_first_frame_ms() is emscripten_get_now() (performance.now(), milliseconds) from the
// start of main() to the end of the first rendered frame. The clock lives here, never in the core.
#include <emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>
#include <SDL.h>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "scenario_files.h"

// Opens a URL relative to the page in a new tab (the click that asked for it is a user gesture).
EM_JS(void, OpenInNewTab, (const char* url), { window.open(UTF8ToString(url), '_blank', 'noopener'); });

// The editor text is kept in the browser's localStorage under this key after every change, and
// restored when the page opens without a deep link: a reload or a closed tab loses nothing typed,
// valid or not. Storage may be unavailable (private mode, quota): then nothing is kept, silently.
// Share: the fragment replaces the address bar's (no reload, no history entry per click).
EM_JS(void, SetLocationFragment, (const char* fragment), {
  try { window.history.replaceState(null, "", UTF8ToString(fragment)); } catch (e) { window.location.hash = UTF8ToString(fragment); }
});

EM_JS(void, SaveDraftText, (const char* text), {
  try { window.localStorage.setItem('sdlab.blueprint', UTF8ToString(text)); } catch (e) {}
});

// The theme ("dark" or "light") is remembered like the draft.
EM_JS(void, SaveTheme, (const char* theme), {
  try { window.localStorage.setItem('sdlab.theme', UTF8ToString(theme)); } catch (e) {}
});

// Export JSON: the text becomes a Blob behind a temporary link that is clicked (a download named
// `name`); the object URL is released once the browser has taken it.
EM_JS(void, DownloadText, (const char* name, const char* text), {
  var blob = new Blob([UTF8ToString(text)], { type: 'application/json' });
  var url = URL.createObjectURL(blob);
  var a = document.createElement('a');
  a.href = url;
  a.download = UTF8ToString(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
});

// Import JSON: the shell's hidden <input type=file id=import-file> reads the file and hands its
// text to sdlab_import_text (see site/shell.html).
EM_JS(void, OpenFilePicker, (), {
  var input = document.getElementById('import-file');
  if (input) input.click();
});

namespace {

/// Everything the page keeps alive between browser frames.
struct PageRuntime {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  sdlab::web::PlaygroundState state;
  double main_start_ms = 0;
  double first_frame_ms = -1;  ///< -1 until the first frame is on screen
  std::string json_reply;      ///< storage behind the const char* handed to JS (valid until the next call)
  std::deque<SDL_Event> pending_events;  ///< events held back for the next frame (see PumpEvents)
  std::string saved_text;      ///< the editor text as last written to localStorage
  bool applied_light = false;  ///< the theme the style was last built for
  float font_ratio = 0;        ///< the devicePixelRatio the font atlas was rasterised at
  std::vector<double> work_ms; ///< main-thread time of the last kWorkFrames frames (ring), for sdlab_frame_work_json
  std::size_t work_next = 0;
};

constexpr std::size_t kWorkFrames = 120;

// The page has exactly one playground; the exported C functions reach it through this pointer.
PageRuntime* g_page = nullptr;

/// Hands this frame's input to ImGui. ImGui 1.86 samples key state once per frame, so a key pressed
/// and released between two frames (a quick tap, at a low frame rate) would be lost: when a key goes
/// up in the same frame it went down, that release and every later event wait for the next frame.
/// Modifiers are taken from each key event, not from SDL's current state (already past the queue).
void PumpEvents(PageRuntime& page) {
  SDL_Event event;
  while (SDL_PollEvent(&event)) page.pending_events.push_back(event);
  ImGuiIO& io = ImGui::GetIO();
  std::vector<SDL_Scancode> pressed;
  while (!page.pending_events.empty()) {
    event = page.pending_events.front();
    if (event.type == SDL_KEYDOWN) {
      pressed.push_back(event.key.keysym.scancode);
    } else if (event.type == SDL_KEYUP &&
               std::find(pressed.begin(), pressed.end(), event.key.keysym.scancode) != pressed.end()) {
      break;  // released in the frame it was pressed: release it next frame
    }
    page.pending_events.pop_front();
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_KEYDOWN || event.type == SDL_KEYUP) {
      const Uint16 mod = event.key.keysym.mod;
      io.KeyShift = (mod & KMOD_SHIFT) != 0;
      io.KeyCtrl = (mod & KMOD_CTRL) != 0;
      io.KeyAlt = (mod & KMOD_ALT) != 0;
      io.KeySuper = (mod & KMOD_GUI) != 0;
    }
  }
}

void LoadUiFont(ImGuiIO& io, float ratio);

/// HiDPI: SDL sizes the canvas backing store at devicePixelRatio (SDL_WINDOW_ALLOW_HIGHDPI) and ImGui
/// scales its output by io.DisplayFramebufferScale; the font atlas is rasterised at the same ratio
/// (and drawn at 1/ratio) so text stays sharp. A new ratio (browser zoom, another screen) rebuilds it.
void FollowPixelRatio(PageRuntime& page) {
  const float ratio = std::clamp(static_cast<float>(emscripten_get_device_pixel_ratio()), 1.0f, 4.0f);
  page.state.pixel_ratio = ratio;
  if (ratio == page.font_ratio) return;
  ImGuiIO& io = ImGui::GetIO();
  const bool rebuild = page.font_ratio > 0;
  page.font_ratio = ratio;
  io.Fonts->Clear();
  LoadUiFont(io, ratio);
  if (rebuild) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
}

void FollowTheme(PageRuntime& page) {
  if (page.state.light_theme == page.applied_light) return;
  page.applied_light = page.state.light_theme;
  sdlab::web::ApplyPlaygroundStyle(page.applied_light);
  SaveTheme(page.applied_light ? "light" : "dark");
}

void RenderFrame(void* arg) {
  PageRuntime& page = *static_cast<PageRuntime*>(arg);
  const double work_start = emscripten_get_now();
  PumpEvents(page);
  FollowPixelRatio(page);
  FollowTheme(page);

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  sdlab::web::DrawPlayground(page.state);
  ImGui::Render();

  int width = 0, height = 0;
  SDL_GL_GetDrawableSize(page.window, &width, &height);
  glViewport(0, 0, width, height);
  if (page.applied_light) glClearColor(0.88f, 0.89f, 0.91f, 1.0f);
  else glClearColor(0.055f, 0.06f, 0.07f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(page.window);

  ++page.state.frame_count;
  if (page.first_frame_ms < 0) page.first_frame_ms = emscripten_get_now() - page.main_start_ms;
  // This frame's main-thread work: events, the panels (and the simulation's slice), ImGui's draw lists
  // and issuing the WebGL calls (the browser rasterises them on its own thread or process).
  const double work = emscripten_get_now() - work_start;
  if (page.work_ms.size() < kWorkFrames) page.work_ms.push_back(work);
  else page.work_ms[page.work_next] = work;
  page.work_next = (page.work_next + 1) % kWorkFrames;
  if (page.state.blueprint_text != page.saved_text) {
    page.saved_text = page.state.blueprint_text;
    SaveDraftText(page.saved_text.c_str());
  }
}

/// The embedded TTF (see web/CMakeLists.txt) with the glyphs the formulas use, else ImGui's built-in font.
void LoadUiFont(ImGuiIO& io, float ratio) {
  static constexpr ImWchar kGlyphRanges[] = {
      0x0020, 0x00FF,  // Basic Latin, Latin-1 (× ÷ · ²)
      0x0370, 0x03FF,  // Greek (λ μ ρ π Σ θ α)
      0x2000, 0x206F,  // General Punctuation (– — … ‘ ’ “ ”)
      0x2190, 0x21FF,  // Arrows (→)
      0x2200, 0x22FF,  // Mathematical Operators (− ≤ ≥ ≈ ∞ ∝)
      0x2300, 0x23FF,  // Miscellaneous Technical (⌈ ⌉)
      0x25A0, 0x25FF,  // Geometric Shapes
      0};
  constexpr float kFontPixels = 15.0f;
  io.FontGlobalScale = 1.0f / ratio;
  if (SDL_RWops* probe = SDL_RWFromFile("/fonts/ui.ttf", "rb")) {
    SDL_RWclose(probe);
    ImFontConfig config;
    config.PixelSnapH = true;
    if (io.Fonts->AddFontFromFileTTF("/fonts/ui.ttf", kFontPixels * ratio, &config, kGlyphRanges) != nullptr) return;
  }
  ImFontConfig config;
  config.SizePixels = 13.0f * ratio;
  io.Fonts->AddFontDefault(&config);
}

const char* Reply(std::string text) {
  if (g_page == nullptr) return "null";
  g_page->json_reply = std::move(text);
  return g_page->json_reply.c_str();
}

}  // namespace

extern "C" {

/// Main-thread work per frame over the last 120 frames: {"frames", "mean_ms", "p95_ms", "max_ms"}.
EMSCRIPTEN_KEEPALIVE const char* sdlab_frame_work_json() {
  if (g_page == nullptr || g_page->work_ms.empty()) return "null";
  std::vector<double> v = g_page->work_ms;
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  const std::size_t p95 = std::min(v.size() - 1, static_cast<std::size_t>(0.95 * static_cast<double>(v.size())));
  nlohmann::json j = {{"frames", v.size()}, {"mean_ms", sum / static_cast<double>(v.size())}, {"p95_ms", v[p95]},
                      {"max_ms", v.back()}};
  return Reply(j.dump());
}

/// The playground state as JSON (see sdlab::web::StateToJson). Valid until the next exported call.
EMSCRIPTEN_KEEPALIVE const char* sdlab_state_json() {
  if (g_page == nullptr) return "null";
  return Reply(sdlab::web::StateToJson(g_page->state).dump());
}

/// Replace the blueprint editor's text (validated at once, as if typed).
EMSCRIPTEN_KEEPALIVE void sdlab_set_blueprint_text(const char* text) {
  if (g_page == nullptr || text == nullptr) return;
  sdlab::web::SetBlueprintText(g_page->state, text);
}

/// Load a bundled scenario by name (file stem). 1 if it exists, 0 otherwise.
EMSCRIPTEN_KEEPALIVE int sdlab_load_scenario(const char* name) {
  if (g_page == nullptr || name == nullptr) return 0;
  return sdlab::web::LoadScenario(g_page->state, name) ? 1 : 0;
}

/// Import JSON: the page's file picker hands over a file's name and text (see site/shell.html).
EMSCRIPTEN_KEEPALIVE void sdlab_import_text(const char* name, const char* text) {
  if (g_page == nullptr || name == nullptr || text == nullptr) return;
  sdlab::web::ImportBlueprint(g_page->state, name, text);
}

/// Milliseconds from main() to the first rendered frame; -1 before it.
EMSCRIPTEN_KEEPALIVE double sdlab_first_frame_ms() { return g_page == nullptr ? -1.0 : g_page->first_frame_ms; }

/// {"x","y","w","h"} in canvas CSS pixels of a named widget drawn in the last frame ("dau",
/// "reads_per_day", "blueprint_editor", "scenario:<name>", ...), or null.
EMSCRIPTEN_KEEPALIVE const char* sdlab_widget_rect(const char* id) {
  if (g_page == nullptr || id == nullptr) return "null";
  const auto it = g_page->state.widget_rects.find(std::string_view(id));
  if (it == g_page->state.widget_rects.end()) return "null";
  const sdlab::web::WidgetRect& r = it->second;
  return Reply(nlohmann::json{{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}}.dump());
}

/// Every lab's inputs and key results (see sdlab::web::LabsToJson). Valid until the next exported call.
EMSCRIPTEN_KEEPALIVE const char* sdlab_labs_json() {
  if (g_page == nullptr) return "null";
  return Reply(sdlab::web::LabsToJson(g_page->state).dump());
}

/// The Simulate view's run as `sdlab simulate FILE --format json` prints it (sim::ToJson, figures so
/// far while it runs), or null before the first run. Valid until the next exported call.
EMSCRIPTEN_KEEPALIVE const char* sdlab_sim_json() {
  if (g_page == nullptr) return "null";
  return Reply(sdlab::web::SimulationResultJson(g_page->state.simulate).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

/// The loaded design's score report (score::ToJson: `sdlab score FILE --format json`'s files[0]
/// without path and deep links), scored now if the design changed; null without a valid design.
EMSCRIPTEN_KEEPALIVE const char* sdlab_score_json() {
  if (g_page == nullptr) return "null";
  sdlab::web::RefreshFindings(g_page->state);
  return Reply(sdlab::web::FindingsReportJson(g_page->state.findings).dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // extern "C"

int main(int, char**) {
  g_page = new PageRuntime();  // lives as long as the page
  PageRuntime& page = *g_page;
  page.main_start_ms = emscripten_get_now();

  // Keys go to the canvas (focused on click), not to the whole window.
  SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    emscripten_log(EM_LOG_ERROR, "SDL_Init failed: %s", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 8);

  // The canvas is sized by CSS (full window); SDL follows it because the window is resizable.
  constexpr auto kWindowFlags = static_cast<SDL_WindowFlags>(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  page.window = SDL_CreateWindow("sdlab playground", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800, kWindowFlags);
  page.gl = page.window != nullptr ? SDL_GL_CreateContext(page.window) : nullptr;
  if (page.gl == nullptr) {
    emscripten_log(EM_LOG_ERROR, "WebGL2 is not available: %s", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(page.window, page.gl);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no file system worth keeping layout in; the layout is fixed anyway
  io.LogFilename = nullptr;
  const std::string theme = emscripten_run_script_string(
      "(function () { try { return window.localStorage.getItem('sdlab.theme') || ''; } catch (e) { return ''; } })()");
  page.state.light_theme = page.applied_light = theme == "light";
  sdlab::web::ApplyPlaygroundStyle(page.applied_light);
  FollowPixelRatio(page);
  ImGui_ImplSDL2_InitForOpenGL(page.window, page.gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  page.state.scenarios = sdlab::web::ReadScenarioFolder("/scenarios");
  page.state.open_url = [](const std::string& url) { OpenInNewTab(url.c_str()); };
  page.state.set_fragment = [](const std::string& fragment) { SetLocationFragment(fragment.c_str()); };
  page.state.download = [](const std::string& name, const std::string& text) { DownloadText(name.c_str(), text.c_str()); };
  page.state.pick_file = [] { OpenFilePicker(); };
  sdlab::web::Recompute(page.state);
  // A finding's deep link (#bp=...&seed=N&focus=ID) opens that design on that finding.
  const std::string fragment = emscripten_run_script_string("window.location.hash");
  if (fragment.find("bp=") != std::string::npos) {
    sdlab::web::OpenDeepLink(page.state, fragment);
  } else {
    const std::string draft = emscripten_run_script_string(
        "(function () { try { return window.localStorage.getItem('sdlab.blueprint') || ''; } catch (e) { return ''; } })()");
    if (!draft.empty()) sdlab::web::SetBlueprintText(page.state, draft);
  }
  page.saved_text = page.state.blueprint_text;

  emscripten_set_main_loop_arg(RenderFrame, g_page, 0, true);
  return 0;
}
