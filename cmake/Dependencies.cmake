# Third-party libraries, all from Debian packages (see scripts/setup.sh).
# Under Emscripten /usr/include must never be on the include path, so header-only libraries are
# reached through .deps/wasm-include, a private folder of symlinks made by the setup script.
set(SDLAB_DEPS_DIR ${PROJECT_SOURCE_DIR}/.deps CACHE PATH "Folder of fetched sources and wasm builds")

if(EMSCRIPTEN)
  # CLI11 and Catch2 report through exceptions; Emscripten disables catching them by default.
  add_compile_options(-fexceptions)
  add_link_options(-fexceptions)
  set(_wasm_inc ${SDLAB_DEPS_DIR}/wasm-include)
  if(NOT EXISTS ${_wasm_inc}/nlohmann/json.hpp)
    message(FATAL_ERROR "${_wasm_inc} is missing: run scripts/setup.sh first")
  endif()
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  target_include_directories(nlohmann_json::nlohmann_json SYSTEM INTERFACE ${_wasm_inc})
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
  target_include_directories(CLI11::CLI11 SYSTEM INTERFACE ${_wasm_inc})
  add_library(sdlab_catch2 INTERFACE)
  target_include_directories(sdlab_catch2 SYSTEM INTERFACE ${_wasm_inc}/catch2)
else()
  find_package(nlohmann_json 3.10 REQUIRED)
  find_package(CLI11 QUIET CONFIG)
  if(NOT TARGET CLI11::CLI11)
    add_library(CLI11::CLI11 INTERFACE IMPORTED)
  endif()
  if(SDLAB_BUILD_TESTS)
    find_package(Catch2 2 REQUIRED)
    add_library(sdlab_catch2 INTERFACE)
    target_link_libraries(sdlab_catch2 INTERFACE Catch2::Catch2)
    # Debian installs the single header as <catch2/catch.hpp>; tests include <catch.hpp> on both
    # platforms, so expose the catch2/ folder itself.
    get_target_property(_catch_inc Catch2::Catch2 INTERFACE_INCLUDE_DIRECTORIES)
    foreach(_dir IN LISTS _catch_inc)
      if(EXISTS ${_dir}/catch2/catch.hpp)
        target_include_directories(sdlab_catch2 SYSTEM INTERFACE ${_dir}/catch2)
      endif()
    endforeach()
  endif()
endif()
