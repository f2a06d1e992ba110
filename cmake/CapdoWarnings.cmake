# Warnings live in a non-exported INTERFACE target that every capdo target links privately.
add_library(capdo_warnings INTERFACE)
target_compile_options(capdo_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
  -Wformat=2)
if(CAPDO_WARNINGS_AS_ERRORS)
  target_compile_options(capdo_warnings INTERFACE -Werror)
endif()

add_library(capdo_sanitize INTERFACE)
if(CAPDO_SANITIZE)
  target_compile_options(capdo_sanitize INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(capdo_sanitize INTERFACE -fsanitize=address,undefined)
endif()
