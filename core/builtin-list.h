/*
 * The bundled modules, in catalog order: one DA_BUILTIN_MODULE(name) per
 * module, name being its folder under modules/ and the NAME of its
 * descriptor symbol NAME_LTX_dockaudit_module.  Define DA_BUILTIN_MODULE
 * before including this file; it is undefined again at the end.  Read by
 * core/builtin.c (the static build's table), tests/fuzz/targets.c (the
 * fuzzers' catalog) and tests/fuzz/run.sh (which modules it compiles).
 */
#ifndef DA_BUILTIN_MODULE
#error "define DA_BUILTIN_MODULE(name) before including builtin-list.h"
#endif
DA_BUILTIN_MODULE(host)
DA_BUILTIN_MODULE(daemon)
DA_BUILTIN_MODULE(files)
DA_BUILTIN_MODULE(images)
DA_BUILTIN_MODULE(runtime)
DA_BUILTIN_MODULE(operations)
DA_BUILTIN_MODULE(swarm)
DA_BUILTIN_MODULE(enterprise)
DA_BUILTIN_MODULE(community)
#undef DA_BUILTIN_MODULE
