/*
 * The bundled module "host" linked into the fuzzers and their regression
 * test under a name of its own, so that every module can be linked into
 * one program (each .so exports the same descriptor symbol).
 */
#define dockaudit_module dt_fuzz_mod_host
#include "../../modules/host/host.c"
