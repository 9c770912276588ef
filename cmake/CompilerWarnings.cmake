# sdlab_warnings: an INTERFACE target carrying the project's warning flags.
# -Wnull-dereference is left out: GCC 12 reports false positives from libstdc++ code inlined into CLI11.
add_library(sdlab_warnings INTERFACE)
target_compile_options(sdlab_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough)
if(SDLAB_WARNINGS_AS_ERRORS)
  target_compile_options(sdlab_warnings INTERFACE -Werror)
endif()
