# pt_embed(target name dir): turn every *.sql file in DIR (sorted by name) into a
# generated C file that defines `const struct embedded_file name[]` and `name_count`,
# so migrations ship inside the binary and are reviewed as plain SQL files.
function(pt_embed target name dir)
  file(GLOB files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${name}.c)
  # A list's ';' would split the -D argument into several; pass '|' instead.
  string(REPLACE ";" "|" files_arg "${files}")
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DNAME=${name} -DOUT=${out} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${name}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
