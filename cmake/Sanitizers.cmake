# sdlab_sanitizers: an INTERFACE target; ASan+UBSan when SDLAB_SANITIZE is ON, nothing otherwise.
add_library(sdlab_sanitizers INTERFACE)
if(SDLAB_SANITIZE AND NOT EMSCRIPTEN)
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(sdlab_sanitizers INTERFACE ${_san})
  target_link_options(sdlab_sanitizers INTERFACE ${_san})
  # GCC 12 reports false maybe-uninitialized warnings inside libstdc++ (<regex>, <variant>) when
  # instrumented at -O1; they are not in our code and would fail the -Werror build.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(sdlab_sanitizers INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()
# The fuzz build: the core instrumented for libFuzzer's coverage feedback, with ASan and UBSan. The
# asan preset does both at once (clang-14): the tests and the CLI link the same instrumented core (the
# sanitizer runtime provides the coverage callbacks), so one build serves the tests and the fuzzers.
if(SDLAB_BUILD_FUZZ AND NOT EMSCRIPTEN)
  set(_fuzz -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_compile_options(sdlab_sanitizers INTERFACE ${_fuzz})
  target_link_options(sdlab_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
